// The icons only the CRM elements draw (see icons.ts: the renderer and the shared ones).

/** An arrow to the start (back to the list). */
export const backPath = 'M20 11H7.8l5.6-5.6L12 4l-8 8 8 8 1.4-1.4L7.8 13H20Z';
/** An arrow down (to the newest messages). */
export const downPath = 'M11 4h2v12.2l5.6-5.6L20 12l-8 8-8-8 1.4-1.4 5.6 5.6Z';
/** Three dots in a row (menus). */
export const morePath = 'M6 10a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4Z';
/** Two checks (read). */
export const checksPath = 'M0 12.6 1.4 11.2l4.2 4.2L14 7l1.4 1.4-9.8 9.8Zm7 0 1.4-1.4 4.2 4.2L21 7l1.4 1.4-9.8 9.8Z';
/** An exclamation mark in a disc (failed). */
export const failedPath = 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm-1 5h2v7h-2Zm0 9h2v2h-2Z';
/** Two people (a group chat). */
export const groupPath =
  'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Zm7.5 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6ZM9 13c-3.3 0-7 1.6-7 4v2h14v-2c0-2.4-3.7-4-7-4Zm7.5 0c-.5 0-1 0-1.5.1 1.2.9 2 2.2 2 3.9v2h5v-2c0-2.3-3.2-4-5.5-4Z';
/** A funnel (sort and filter). */
export const filterPath = 'M3 5h18l-7 8v6l-4 2v-8L3 5Z';
/** A plus (new chat). */
export const plusPath = 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6Z';
/** A bell, outlined (notifications off) and filled (on). */
export const bellOffPath =
  'M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2Zm6-6V11a6 6 0 0 0-5-5.9V4a1 1 0 1 0-2 0v1.1A6 6 0 0 0 6 11v5l-2 2v1h16v-1l-2-2Zm-2 1H8v-6a4 4 0 1 1 8 0v6Z';
export const bellOnPath = 'M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2Zm6-6V11a6 6 0 0 0-5-5.9V4a1 1 0 1 0-2 0v1.1A6 6 0 0 0 6 11v5l-2 2v1h16v-1l-2-2Z';
