// Jest for the Lightning Web Components under force-app (sfdx-lwc-jest's preset: the LWC compiler,
// the lightning/* base-component and wire-adapter stubs, c/* module resolution). It finds the
// project through sfdx-project.json in the working directory, so it runs from this folder:
// `npm test` (scripts/test-all.ts) starts it here.
import sfdxLwcJest from "@salesforce/sfdx-lwc-jest/config.js";

const { jestConfig } = sfdxLwcJest;

export default {
  ...jestConfig,
  testMatch: ["<rootDir>/force-app/**/__tests__/**/*.test.js"],
  // In band: a handful of files, two shared cores, and no worker processes left to reap.
  maxWorkers: 1,
  setupFiles: [...(jestConfig.setupFiles ?? []), "<rootDir>/jest.labels.cjs"],
};
