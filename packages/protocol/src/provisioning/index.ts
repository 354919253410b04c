// @pchat/protocol in-band provisioning (vnd-microsoft-provisioning-v2): document and request bodies.
export * from './errors.js';
export * from './document.js';
