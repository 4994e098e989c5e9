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
    for (const radio of document.querySelectorAll('input[name="mode"]')) {
      radio.checked = radio.value === defaults.mode;
    }
    $('join').hidden = false;
    $('chat').hidden = true;
    $('whoami').textContent = '';
    this.status('idle');
  }

  showChat(room, me, modeName) {
    this.messages.replaceChildren();
    this.items.clear();
    $('members').replaceChildren();
    $('typing').textContent = '';
    $('notice').textContent = '';
    $('my-status').value = 'online';
    $('room-name').textContent = `# ${room}`;
    $('mode-name').textContent = modeName;
    $('whoami').textContent = me ? `signed in as ${me}` : '';
    $('join').hidden = true;
    $('chat').hidden = false;
    $('composer-text').focus();
  }

  status(state, text) {
    const labels = {
      idle: 'not connected',
      connecting: 'connecting…',
      open: 'live',
      reconnecting: 'reconnecting…',
      closed: 'disconnected',
    };
    const pill = $('status');
    pill.dataset.state = state;
    pill.textContent = text ?? labels[state] ?? state;
  }

  notice(text) {
    $('notice').textContent = text;
  }

  /** Appends messages not on screen yet, keeping the view at the bottom if it was there. */
  renderMessages(room) {
    const list = this.messages;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    for (const id of this.items.keys()) {
      if (!room.messageIds.has(id)) {
        this.items.get(id).remove();
        this.items.delete(id);
      }
    }
    for (const message of room.messages) {
      if (!this.items.has(message.id)) {
        const item = this.message(message, message.user === room.me);
        this.items.set(message.id, item);
        list.append(item);
      }
    }
    this.renderReceipts(room);
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  message(event, mine) {
    const author = event.user ?? 'service';
    const text =
      typeof event.data?.text === 'string' ? event.data.text : JSON.stringify(event.data);
    return el(
      'li',
      { className: mine ? 'message mine' : 'message', data: { id: event.id, user: author } },
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

  renderReceipts(room) {
    for (const message of room.messages) {
      const line = this.items.get(message.id)?.querySelector('.read-by');
      if (!line) continue;
      const readers = room.readersOf(message);
      line.textContent = readers.length ? `✓ Read by ${names(readers)}` : '';
      line.dataset.readers = readers.join(',');
    }
  }

  renderTyping(room) {
    const typers = room.typingUsers();
    const line = $('typing');
    line.dataset.users = typers.join(',');
    if (typers.length === 0) line.textContent = '';
    else if (typers.length > 3) line.textContent = `${typers.length} people are typing…`;
    else line.textContent = `${names(typers)} ${typers.length === 1 ? 'is' : 'are'} typing…`;
  }

  renderMembers(room) {
    const items = room
      .memberList()
      .map(({ user, status, connections }) =>
        el(
          'li',
          { className: 'member', data: { user, status }, title: `${connections} connection(s)` },
          el('span', { className: 'dot', title: status }),
          el('span', { className: 'name' }, user),
          el('span', { className: 'state' }, user === room.me ? `${status} (you)` : status),
        ),
      );
    $('members').replaceChildren(...items);
  }
}
