const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/camera-sim') },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
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
