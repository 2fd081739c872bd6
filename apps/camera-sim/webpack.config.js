const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/camera-sim') },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      // Transpile only: `npm run typecheck` checks these sources (specs included), and a type
      // check here took the build behind `npm start` and `npm test` from 22 s to 39 s.
      skipTypeChecking: true,
      main: './src/main.ts',
      tsConfig: './tsconfig.lib.json',
      // The RTSP and replay simulators are Python scripts kept beside their modules in
      // libs/testing; copied beside main.js, where those modules look for them after a build.
      assets: [{ input: 'libs/testing/src/lib/camera-sim/rtsp', glob: '*.py', output: '.' }],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: false,
      sourceMap: true,
    }),
  ],
};
