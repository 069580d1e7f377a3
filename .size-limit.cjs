// Bundle budget (`npm run size`): what a frontend pays, minified and gzipped, for importing
// createWaldurClient and using list + get, with every runtime dependency included.
module.exports = [
  {
    name: 'createWaldurClient (list + get), all dependencies',
    path: 'dist/index.js',
    import: '{ createWaldurClient }',
    limit: '25 kB',
  },
];
