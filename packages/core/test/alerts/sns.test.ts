import { composeAlert, snsMessage } from '../../src/alerts';
import { sshIncident } from './builders';

describe('snsMessage', () => {
  it('sends the text to people and the document to machines (MessageStructure json)', () => {
    const alert = composeAlert(sshIncident());
    if (!alert) throw new Error('expected an alert');
    const message = JSON.parse(snsMessage(alert)) as Record<string, string>;
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sqs']);
    expect(message.default).toBe(alert.text);
    expect(message.email).toBe(alert.text);
    for (const machine of ['sqs', 'lambda', 'https']) {
      // Each protocol value must itself be a string (SNS rule), holding the versioned document.
      expect(typeof message[machine]).toBe('string');
      expect(JSON.parse(message[machine] as string)).toEqual(JSON.parse(JSON.stringify(alert.document)));
    }
    expect(JSON.parse(message.sqs as string).schemaVersion).toBe(1);
  });
});
