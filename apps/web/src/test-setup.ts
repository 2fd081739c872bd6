import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv();

// jsdom has no 2D canvas: drawing code sees no context (instead of a "not implemented" error).
HTMLCanvasElement.prototype.getContext = (() => null) as HTMLCanvasElement['getContext'];
