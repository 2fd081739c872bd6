import { nodeMovements, positionOf, presetList, ptzProfile, velocity } from './ptz-values';

describe('PTZ values read from the onvif client', () => {
  it('takes the first profile with a PTZ configuration, and its node', () => {
    const profiles = [
      { $: { token: 'Sub' }, name: 'sub' },
      { $: { token: 'Main' }, PTZConfiguration: { $: { token: 'c' }, nodeToken: 'Node_1' } },
      { $: { token: 'Other' }, PTZConfiguration: { nodeToken: 'Node_2' } },
    ];
    expect(ptzProfile(profiles)).toEqual({ token: 'Main', nodeToken: 'Node_1' });
    // One profile comes as an object; a numeric token as a number.
    expect(ptzProfile({ $: { token: 1 }, PTZConfiguration: {} })).toEqual({ token: '1', nodeToken: null }); // prettier-ignore
    expect(ptzProfile([{ $: { token: 'Sub' } }])).toBeNull();
    expect(ptzProfile([{ $: { token: 'x'.repeat(65) }, PTZConfiguration: {} }])).toBeNull();
    expect(ptzProfile('garbage')).toBeNull();
  });

  it('lists presets by token, each once, named (or by their token)', () => {
    expect(
      presetList({
        Gate: { $: { token: 'P1' }, name: 'Gate' },
        P2: { $: { token: 'P2' } },
        again: { $: { token: 'P1' }, name: 'Gate again' },
        bad: { name: 'no token' },
        ctrl: { $: { token: 'P3' }, name: 'Yard\u0000\u001b[2J' },
      }),
    ).toEqual([
      { token: 'P1', name: 'Gate' },
      { token: 'P2', name: 'P2' },
      { token: 'P3', name: 'Yard[2J' },
    ]);
    expect(presetList(null)).toEqual([]);
  });

  it('reads what the node moves from its continuous spaces, both when it does not say', () => {
    const node = (spaces: object) => ({ Node_1: { supportedPTZSpaces: spaces } });
    expect(nodeMovements(node({ continuousPanTiltVelocitySpace: {} }), 'Node_1')).toEqual({ pan_tilt: true, zoom: false }); // prettier-ignore
    expect(nodeMovements(node({ continuousZoomVelocitySpace: {} }), null)).toEqual({ pan_tilt: false, zoom: true }); // prettier-ignore
    expect(nodeMovements(null, null)).toEqual({ pan_tilt: true, zoom: true });
  });

  it('reads a position only when it is three numbers', () => {
    expect(positionOf({ position: { x: 0.5, y: -0.25, zoom: 1 } })).toEqual({ pan: 0.5, tilt: -0.25, zoom: 1 }); // prettier-ignore
    expect(positionOf({ position: { x: 'a', y: 0, zoom: 0 } })).toBeNull();
    expect(positionOf(null)).toBeNull();
  });

  it('writes velocities with three decimals, no exponent and no -0', () => {
    expect([0.5, -1, 1e-7, -0.0001, 0.33333, undefined].map(velocity)).toEqual([
      0.5, -1, 0, 0, 0.333, 0,
    ]);
  });
});
