// npm run build:packages reads this (scripts/build-packages.mjs). packagejson is off because
// package.json names the manifest itself: the analyzer would otherwise rewrite it on every build.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  litelement: true,
  packagejson: false,
};
