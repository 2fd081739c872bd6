// The browser tests read painted frames and delays while the rest of the machine is busy (the
// suite keeps both cores 85–90 % busy): a test that fails is run once more. Its first failure is
// printed all the same, and `npm test` lists every test that passed only on its second run.
jest.retryTimes(1, { logErrorsBeforeRetry: true });
