// Desktop notifications for alerts and mentions (asked for by a button, never on load; per-room mute is
// decided by the caller). The Notification API is optional: without it nothing happens.
import type { ChatMessage } from '@pchat/sdk';

export class Notifier {
  get supported(): boolean {
    return typeof Notification !== 'undefined';
  }

  get permission(): NotificationPermission | 'unsupported' {
    return this.supported ? Notification.permission : 'unsupported';
  }

  async ask(): Promise<NotificationPermission | 'unsupported'> {
    if (!this.supported) return 'unsupported';
    return Notification.requestPermission();
  }

  /** Shows one notification; a click on it brings the tab forward and runs `onClick` (opens the room). */
  notify(room: string, m: ChatMessage, onClick?: () => void): void {
    if (this.permission !== 'granted') return;
    const who = m.messageAuthor.replace(/^sip:/, '');
    const body = (m.storyTitle ? `${m.storyTitle}: ` : '') + m.messageContent;
    try {
      const n = new Notification(`${m.isAlert ? 'Alert in' : 'Mention in'} ${room}`, {
        body: `${who}: ${body.slice(0, 200)}`,
        tag: `${m.chatRoomUri}#${m.messageId ?? ''}`,
      });
      n.onclick = () => {
        window.focus();
        onClick?.();
        n.close();
      };
    } catch {
      // some browsers allow notifications only from a service worker: skip quietly
    }
  }
}
