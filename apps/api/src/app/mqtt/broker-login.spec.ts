import { brokerLogin } from './broker-login';

describe('brokerLogin', () => {
  it('takes the login out of the URL', () => {
    expect(brokerLogin('mqtt://nvr:pa%40ss%2Fword@broker.lan:1883', null, null)).toEqual({
      url: 'mqtt://broker.lan:1883',
      username: 'nvr',
      password: 'pa@ss/word',
      label: 'mqtt://nvr:***@broker.lan:1883',
    });
  });

  it('lets mqtt_username and mqtt_password replace it', () => {
    expect(brokerLogin('mqtts://old:older@[::1]:8883/', 'nvr', 'secret')).toEqual({
      url: 'mqtts://[::1]:8883',
      username: 'nvr',
      password: 'secret',
      label: 'mqtts://nvr:***@[::1]:8883',
    });
  });

  it('connects anonymously without one', () => {
    expect(brokerLogin('mqtt://127.0.0.1:1883', null, null)).toEqual({
      url: 'mqtt://127.0.0.1:1883',
      username: undefined,
      password: undefined,
      label: 'mqtt://127.0.0.1:1883',
    });
  });
});
