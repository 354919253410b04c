// The command table (docs/architecture.md, house rule 2): one row per XCCOS command the chat service serves.
// Commands the codec knows but this table does not get a correlated MsgNotSupported reply from the runner.
// Room management here is what a room manager may do (PC-34); administration stays with the admin API (PC-84).
import type { CommandTable } from './spec.js';
import { chansrch, getassociations, getserverinfo, requri } from './directory.js';
import { bjoin, join, part } from './membership.js';
import { bccontext, searchhist } from './history.js';
import { grpchat } from './post.js';
import { getinv, getpref, setpref } from './user.js';
import { createroom, getperms, getroom, updateroom } from './management.js';
import { addrole, findprincipals, getroles, removerole } from './roles.js';
import { getaddins, getuser, nodespermcreatechild } from './lookup.js';
import { filedownload, fileupload } from './files.js';

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
  nodespermcreatechild,
  'pchat-createroom': createroom,
  'pchat-updateroom': updateroom,
  'pchat-getroom': getroom,
  'pchat-getperms': getperms,
  'pchat-addrole': addrole,
  'pchat-removerole': removerole,
  'pchat-getroles': getroles,
  'pchat-findprincipals': findprincipals,
  'pchat-getaddins': getaddins,
  'pchat-getuser': getuser,
  'pchat-fileupload': fileupload,
  'pchat-filedownload': filedownload,
};
