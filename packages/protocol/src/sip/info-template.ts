// A dialog's outgoing INFO as three fixed strings around what changes per request (Via branch, CSeq
// number, Content-Length): the same bytes, header for header, as serializeMessage(createRequest(...))
// gives (RFC 3261 §12.2.1.1: within a dialog only the branch and the CSeq move). The server's chat
// fan-out sends one INFO per receiver per post; building it from a template costs three concatenations.

export interface InfoTemplate {
  /** Start line + `Via: SIP/2.0/<T> host:port;branch=` */
  readonly beforeBranch: string;
  /** `\r\nMax-Forwards: 70\r\nFrom: ...\r\nTo: ...\r\nCall-ID: ...\r\nCSeq: ` */
  readonly beforeCSeq: string;
  /** ` INFO\r\nContact: ...\r\nContent-Type: ...\r\nContent-Length: ` */
  readonly beforeLength: string;
}

export interface InfoTemplateFields {
  /** The Request-URI: the dialog's remote target. */
  remoteTarget: string;
  /** The Via value without its branch, e.g. `SIP/2.0/TCP 10.0.0.1:5061`. */
  via: string;
  from: string;
  to: string;
  callId: string;
  contact: string;
  contentType: string;
}

export function infoTemplate(t: InfoTemplateFields): InfoTemplate {
  return {
    beforeBranch: `INFO ${t.remoteTarget} SIP/2.0\r\nVia: ${t.via};branch=`,
    beforeCSeq: `\r\nMax-Forwards: 70\r\nFrom: ${t.from}\r\nTo: ${t.to}\r\nCall-ID: ${t.callId}\r\nCSeq: `,
    beforeLength: ` INFO\r\nContact: ${t.contact}\r\nContent-Type: ${t.contentType}\r\nContent-Length: `,
  };
}

/** The head of one templated INFO: everything up to and including the blank line before the body. */
export function infoHead(t: InfoTemplate, branch: string, cseq: number, bodyBytes: number): string {
  return t.beforeBranch + branch + t.beforeCSeq + cseq + t.beforeLength + bodyBytes + '\r\n\r\n';
}
