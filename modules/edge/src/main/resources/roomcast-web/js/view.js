// Rendering. User data only ever reaches the page through textContent and attributes set by
// the DOM API, never as markup.

const $ = (id) => document.getElementById(id);

/** document.createElement with properties, data-* attributes and text or child nodes. */
function el(tag, { className, data, title } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (title) node.title = title;
  for (const [key, value] of Object.entries(data ?? {})) node.dataset[key] = value;
  for (const child of children) {
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function time(ts) {
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
}

/** "alice", "alice and bob", "alice, bob and carol". */
function names(users) {
  if (users.length <= 1) return users.join('');
  return `${users.slice(0, -1).join(', ')} and ${users[users.length - 1]}`;
}

export class View {
  constructor() {
    this.messages = $('messages');
    this.items = new Map(); // message id -> its <li>
  }

  showJoin(defaults) {
    $('join-room').value = defaults.room;
    $('join-token').value = defaults.token;
    $('join').hidden = false;
    $('chat').hidden = true;
    $('whoami').textContent = '';
    this.status('idle');
  }

  showChat(room, me) {
    this.messages.replaceChildren();
    this.items.clear();
    $('members').replaceChildren();
    $('typing').textContent = '';
    $('notice').textContent = '';
    $('my-status').value = 'online';
    $('room-name').textContent = `# ${room}`;
    $('whoami').textContent = me ? `signed in as ${me}` : '';
    $('join').hidden = true;
    $('chat').hidden = false;
    $('composer-text').focus();
  }

  /** The client's connection state: connecting, connected or disconnected (it retries). */
  status(state) {
    const labels = {
      idle: 'not connected',
      connecting: 'connecting…',
      connected: 'live',
      disconnected: 'offline, reconnecting…',
    };
    const pill = $('status');
    pill.dataset.state = state;
    pill.textContent = labels[state] ?? state;
  }

  notice(text) {
    $('notice').textContent = text;
  }

  /** Appends messages not on screen yet, keeping the view at the bottom if it was there. */
  renderMessages(messages) {
    const list = this.messages;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    for (const id of this.items.keys()) {
      if (!messages.ids.has(id)) {
        this.items.get(id).remove();
        this.items.delete(id);
      }
    }
    for (const message of messages.list) {
      if (!this.items.has(message.id)) {
        const item = this.message(message, message.user === messages.me);
        this.items.set(message.id, item);
        list.append(item);
      }
    }
    this.renderReceipts(messages);
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  message(event, mine) {
    const author = event.user ?? 'service';
    const text =
      typeof event.data?.text === 'string' ? event.data.text : JSON.stringify(event.data);
    return el(
      'li',
      {
        className: mine ? 'message mine' : 'message',
        data: { id: event.id, user: author, seq: event.seq ?? '' },
      },
      el(
        'div',
        { className: 'meta' },
        el('span', { className: 'author' }, author),
        el('time', { title: event.ts ?? '' }, time(event.ts)),
      ),
      el('p', { className: 'text' }, text),
      el('p', { className: 'read-by' }),
    );
  }

  renderReceipts(messages) {
    for (const message of messages.list) {
      const line = this.items.get(message.id)?.querySelector('.read-by');
      if (!line) continue;
      const readers = messages.readersOf(message);
      line.textContent = readers.length ? `✓ Read by ${names(readers)}` : '';
      line.dataset.readers = readers.join(',');
    }
  }

  /** Others typing now, sorted. */
  renderTyping(typers) {
    const line = $('typing');
    line.dataset.users = typers.join(',');
    if (typers.length === 0) line.textContent = '';
    else if (typers.length > 3) line.textContent = `${typers.length} people are typing…`;
    else line.textContent = `${names(typers)} ${typers.length === 1 ? 'is' : 'are'} typing…`;
  }

  /** Who is here: me first, then by name. */
  renderMembers(users, me) {
    const sorted = [...users].sort((a, b) =>
      a.user === me ? -1 : b.user === me ? 1 : a.user.localeCompare(b.user),
    );
    const items = sorted.map(({ user, status }) =>
      el(
        'li',
        { className: 'member', data: { user, status } },
        el('span', { className: 'dot', title: status }),
        el('span', { className: 'name' }, user),
        el('span', { className: 'state' }, user === me ? `${status} (you)` : status),
      ),
    );
    $('members').replaceChildren(...items);
  }
}
