// The browser tests run under mocha (web-test-runner); its globals for the typechecker.
/// <reference types="mocha" />
