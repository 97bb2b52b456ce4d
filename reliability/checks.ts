// What "held" means for each guarantee: shared by the quick test and the soak run.
type R = Record<string, any>;

export const checks = {
  G1: (r: R) => [
    r.lost && `${r.lost} events lost`,
    r.duplicated && `${r.duplicated} events duplicated`,
    r.outOfOrder && `${r.outOfOrder} events out of order`,
    r.leaked && `${r.leaked} events reached a client that may not see them`,
    r.resyncs && `${r.resyncs} unexpected RESYNC_REQUIRED`,
    r.reconnects === 0 && 'no resume happened',
  ].filter(Boolean) as string[],
  G2: (r: R) => [
    r.duplicatesStored && `${r.duplicatesStored} duplicate messages stored`,
    r.notStored && `${r.notStored} messages never stored`,
    r.differing && `${r.differing} client message ids got differing answers`,
    r.leaks && `${r.leaks} client message ids leaked to other users`,
    r.stored !== r.planned && `${r.stored} stored of ${r.planned}`,
  ].filter(Boolean) as string[],
  G3: (r: R) => [
    r.mismatched && `${r.mismatched} subscribers saw another order`,
    r.gaps && `${r.gaps} messages missing at subscribers`,
    r.failed && `${r.failed} sends refused`,
    r.stored !== r.acked && `${r.stored} stored of ${r.acked} acknowledged`,
  ].filter(Boolean) as string[],
  G4: (r: R) => [
    r.missing && `${r.missing} acknowledged messages missing`,
    r.integrity !== undefined && r.integrity !== 'ok' && `integrity_check: ${r.integrity}`,
    r.seqHoles && `${r.seqHoles} holes in the event seq`,
    r.idHoles && `${r.idHoles} holes in message ids`,
    r.eventsWithoutMessage && `${r.eventsWithoutMessage} messages and message.created events do not match`,
    r.unindexed && `${r.unindexed} messages missing from the search index after a restart`,
    r.strayIndexRows && `${r.strayIndexRows} search index rows without their message (or twice)`,
    r.acked === 0 && 'nothing was acknowledged',
    r.presenceBefore !== undefined && r.presenceBefore !== 'sent' && `a reply to the visitor online on another node started ${r.presenceBefore}, not sent`,
    r.goneAfterMs !== undefined && (r.goneAfterMs < 0 || r.goneAfterMs > r.presenceLimitMs) && `the killed node's visitor was not gone within ${r.presenceLimitMs} ms (${r.goneAfterMs} ms)`,
    r.unsettled && `${r.unsettled} replies sent to the killed node's visitor never failed`,
  ].filter(Boolean) as string[],
  G5: (r: R) => [
    !r.withinLimit && `silent peers dropped after ${r.droppedAfterMs} ms, over the ${r.limitMs} ms limit (${r.dropped} dropped)`,
    !r.baselineRestored && 'the session count did not return to its baseline',
    r.healthyOpen !== undefined && r.healthyOpen < r.expectedHealthy && `${r.expectedHealthy - r.healthyOpen} healthy sockets were dropped`,
  ].filter(Boolean) as string[],
  G6: (r: R) => [
    !r.slowWasCut && 'the slow client was not cut off',
    r.lost && `${r.lost} events lost by the slow client after resuming`,
    r.duplicates && `${r.duplicates} events duplicated`,
    !r.caughtUp && 'the slow client did not catch up',
    r.rssGrowthMb > 256 && `server RSS grew ${r.rssGrowthMb.toFixed(0)} MB`,
  ].filter(Boolean) as string[],
  G7: (r: R) => [
    r.unanswered && `${r.unanswered} call frames got neither an answer nor a documented close`,
    r.internal && `${r.internal} calls answered INTERNAL: a handler failed on bad input`,
    r.undocumentedCloses && `${r.undocumentedCloses} sockets closed with an undocumented code`,
    r.undeclared?.length && `methods answered codes they do not declare: ${r.undeclared.join(', ')}`,
    !r.alive && 'the server process died',
    r.rssGrowthMb > 128 && `server RSS grew ${r.rssGrowthMb.toFixed(0)} MB`,
    !r.floodClosed && 'the flood was not cut off',
  ].filter(Boolean) as string[],
  G8: (r: R) => [
    ...(r.problems as string[]),
    r.refused !== r.expectedRefused && `${r.expectedRefused - r.refused} hostile inbound calls were not refused`,
    r.lost && `${r.lost} replies never reached the module`,
    r.duplicates && `${r.duplicates} replies reached the module twice (under different webhook ids)`,
    r.outOfOrder && `${r.outOfOrder} replies reached the module out of their conversation's order`,
    r.failedReplies && `${r.failedReplies} replies failed although the module came back`,
    r.ssrfRefused !== r.expectedSsrf && `${r.expectedSsrf - r.ssrfRefused} private or metadata webhook URLs were not refused`,
    r.redirectsNotFollowed !== 1 && 'the redirect case did not hold',
  ].filter(Boolean) as string[],
  G9: (r: R) => r.problems as string[],
  G10: (r: R) => [
    ...Object.entries(r.failures as Record<string, number>)
      .filter(([, n]) => n > 0)
      .map(([what, n]) => {
        const of = (r.details as string[]).filter((d) => d.startsWith(`[${what}] `)).map((d) => d.slice(what.length + 3));
        return `${n} ${what} failures: ${of.slice(0, 6).join(' | ')}${of.length > 6 ? ` | … ${of.length - 6} more` : ''}`;
      }),
    r.entries < 40 && `only ${r.entries} crafted uploads, want at least 40`,
    r.stored === 0 && 'nothing was stored',
    r.refused === 0 && 'nothing was refused',
    r.tmpLeft && `${r.tmpLeft} partial files left in the upload temp folder at the end`,
    !r.alive && 'the server process died',
    r.health !== 200 && `/health answered ${r.health}`,
    r.rssGrowthMb > 128 && `server RSS grew ${r.rssGrowthMb.toFixed(0)} MB`,
  ].filter(Boolean) as string[],
  G12: (r: R) => [
    !r.finished && 'the writers never got every send acknowledged after the outage',
    r.alive !== r.nodes && `${r.nodes - r.alive} node processes died`,
    r.missing && `${r.missing} acknowledged messages missing`,
    r.duplicates && `${r.duplicates} client message ids stored twice`,
    r.lost && `${r.lost} messages never reached an observer`,
    r.doubled && `${r.doubled} messages reached an observer twice`,
    r.outOfOrder && `${r.outOfOrder} events out of order`,
    r.resynced && `${r.resynced} reconnects resynced instead of resuming`,
    r.acked === 0 && 'nothing was acknowledged',
  ].filter(Boolean) as string[],
  G11: (r: R) => [
    r.notBack && `${r.notBack} of ${r.clients} clients never came back`,
    r.resynced && `${r.resynced} clients got RESYNC_REQUIRED (or a welcome not resumed) instead of resuming`,
    !r.notBack && r.allBackMs > r.backWithinMs && `the last client was back ${Math.round(r.allBackMs)} ms after the server answered, over the ${r.backWithinMs} ms goal`,
    r.ackedLost && `${r.ackedLost} acknowledged sends missing after the storm`,
    r.missing && `${r.missing} events missing at resumed clients`,
    r.doubled && `${r.doubled} events doubled at resumed clients`,
    r.stale && `${r.stale} events at resumed clients repeated a seq or came out of order`,
    r.acked === 0 && 'nothing was acknowledged',
    r.compared === 0 && 'no resumed client view was compared',
  ].filter(Boolean) as string[],
};
