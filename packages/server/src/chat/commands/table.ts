// The command table (ARCHITECTURE.md house style 2): one row per XCCOS command the chat service serves.
// Commands the codec knows but this table does not (room management `pchat-*`, served by the admin API)
// get a correlated MsgNotSupported reply from the runner.
import type { CommandTable } from './spec.js';
import { chansrch, getassociations, getserverinfo, requri } from './directory.js';
import { bjoin, join, part } from './membership.js';
import { bccontext, searchhist } from './history.js';
import { grpchat } from './post.js';
import { getinv, getpref, setpref } from './user.js';

export const COMMANDS: CommandTable = {
  requri,
  getserverinfo,
  getassociations,
  chansrch,
  join,
  bjoin,
  part,
  bccontext,
  grpchat,
  getinv,
  getpref,
  setpref,
  'pchat-searchhist': searchhist,
};
