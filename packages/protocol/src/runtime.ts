/**
 * The protocol's runtime values that need no schema library: error and close codes, limits and
 * names. Browser code imports values from here (`@chatdesk/protocol/runtime`) and types from the
 * main entry, so its bundles do not carry valibot.
 */
export * from './errors.js';
export * from './limits.js';
export * from './names.js';
export * from './channel-capabilities.js';
export * from './delivery.js';
