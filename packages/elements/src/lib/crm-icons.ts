// The icons only the CRM elements draw (see icons.ts: the renderer and the shared ones).

/** An arrow to the start (back to the list). */
export const backPath = 'M19 12H5m6-6-6 6 6 6';
/** An arrow down (to the newest messages). */
export const downPath = 'M12 5v14m-6-6 6 6 6-6';
/** Three dots in a row (menus). */
export const morePath = 'M5 11a1 1 0 1 0 0 2 1 1 0 0 0 0-2Zm7 0a1 1 0 1 0 0 2 1 1 0 0 0 0-2Zm7 0a1 1 0 1 0 0 2 1 1 0 0 0 0-2Z';
/** Two checks (read). */
export const checksPath = 'm2 12 5 5 9-10M11 16l1 1 9-10';
/** An exclamation mark in a circle (failed). */
export const failedPath = 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 5v5m0 3v0';
/** Two people (a group chat). */
export const groupPath = 'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm-6 9c0-3 3-5 6-5s6 2 6 5m1-9a3 3 0 0 0 0-6m5 15c0-2.5-1.5-4.5-4-5';
/** A funnel (sort and filter). */
export const filterPath = 'M3 5h18l-7 8v6l-4 2v-8Z';
/** A plus (new chat). */
export const plusPath = 'M12 5v14M5 12h14';
/** A customer card: the CRM side of a conversation (S-W-*). */
export const cardPath = 'M3 5h18v14H3ZM9 11a2 2 0 1 0 0-4 2 2 0 0 0 0 4Zm-3 5c0-2 1.5-3 3-3s3 1 3 3m3-7h4m-4 4h4';
/** A bell (notifications; filled while they are on). */
export const bellPath = 'M6 16v-5a6 6 0 0 1 12 0v5l2 2H4ZM10 21h4';
/** Four arrows (move the popup, S-SET-2). */
export const movePath = 'M12 3v18M3 12h18M9 6l3-3 3 3M9 18l3 3 3-3M6 9l-3 3 3 3M18 9l3 3-3 3';
/** Two diagonal strokes in the lower corner (the popup's resize grip). */
export const gripPath = 'M21 11 11 21m10-4-4 4';
