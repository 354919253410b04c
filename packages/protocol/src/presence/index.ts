// @pchat/protocol presence and roaming contact lists ([MS-PRES], [MS-SIP]): every body pidgin-sipe, the SDK
// and the server exchange for presence publication and subscription and for contact list edits.
export * from './errors.js';
export * from './constants.js';
export * from './publish.js';
export * from './categories.js';
export * from './roaming-self.js';
export * from './batch-subscribe.js';
export * from './contacts.js';
export * from './soap.js';
