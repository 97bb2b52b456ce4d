import type { ListFilter, ListSort } from '@chatdesk/protocol';

/** How many filters are set (the sort counts when it is not the default), for the filter button. */
export function activeFilterCount(sort: ListSort, filter: ListFilter): number {
  let n = sort === 'activity' ? 0 : 1;
  if (filter.status) n++;
  if (filter.channelId !== undefined) n++;
  if (filter.assigneeId !== undefined) n++;
  if (filter.unreadOnly) n++;
  if (filter.unansweredOnly) n++;
  if (filter.sla) n++;
  return n;
}
