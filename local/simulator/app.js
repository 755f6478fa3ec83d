// The simulator's client: keeps the chat users, posts what they type to /_local/send (the server builds and
// signs a real webhook and posts it through the ingress handler), and renders the bot's messages from the
// fake Graph API's outbox beside the decision log. Live via server-sent events, with polling as a fallback.

const OUTCOMES = [
  'answered',
  'refused_out_of_scope',
  'refused_policy',
  'general_answered',
  'opted_out',
  'handoff_active',
  'window_closed',
  'duplicate',
  'unsupported',
  'failed',
];

const COUNTRIES = [
  { iso: 'ID', code: '62', name: 'Indonesia' },
  { iso: 'US', code: '1', name: 'United States' },
  { iso: 'GB', code: '44', name: 'United Kingdom' },
  { iso: 'IT', code: '39', name: 'Italy' },
  { iso: 'BR', code: '55', name: 'Brazil' },
  { iso: 'ES', code: '34', name: 'Spain' },
  { iso: 'MX', code: '52', name: 'Mexico' },
  { iso: 'IN', code: '91', name: 'India' },
  { iso: 'DE', code: '49', name: 'Germany' },
];

const DEFAULT_USERS = [
  { key: '6281234567890', waId: '6281234567890', name: 'Budi', label: 'Budi · +62 812 3456 7890' },
  {
    key: 'ID.5830174629384756102',
    userId: 'ID.5830174629384756102',
    username: 'sari.ngopi',
    name: 'Sari',
    label: '@sari.ngopi · username only (ID)',
  },
  { key: '393401234567', waId: '393401234567', name: 'Giulia', label: 'Giulia · +39 340 123 4567' },
  { key: '5511987654321', waId: '5511987654321', name: 'Ana', label: 'Ana · +55 11 98765 4321' },
];

const STORE_KEY = 'scoped-responder-simulator-v1';

const state = {
  config: null,
  users: [],
  current: null,
  /** user key → messages the user sent: { wamid, text, at } */
  sent: {},
  outbox: [],
  decisions: [],
  metrics: null,
  seenDecisions: new Set(),
};

// ---------- helpers ----------

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function timeOf(iso) {
  return iso ? iso.slice(11, 16) : '';
}

function shortHash(hash) {
  return hash ? `#${hash.slice(0, 6)}` : '';
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers: options.body ? { 'content-type': 'application/json' } : undefined,
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(body?.error ?? `HTTP ${response.status}`);
  return body;
}

function save() {
  const users = state.users.filter((user) => !DEFAULT_USERS.some((d) => d.key === user.key));
  const hashes = Object.fromEntries(
    state.users.filter((user) => user.userHash).map((user) => [user.key, user.userHash]),
  );
  localStorage.setItem(
    STORE_KEY,
    JSON.stringify({ users, current: state.current, sent: state.sent, hashes }),
  );
}

function load() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}');
    state.users = [...DEFAULT_USERS.map((user) => ({ ...user })), ...(stored.users ?? [])];
    state.sent = stored.sent ?? {};
    state.current = stored.current ?? DEFAULT_USERS[0].key;
    for (const user of state.users) user.userHash ??= stored.hashes?.[user.key];
  } catch {
    state.users = DEFAULT_USERS.map((user) => ({ ...user }));
  }
  if (!state.users.some((user) => user.key === state.current)) state.current = state.users[0].key;
}

function currentUser() {
  return state.users.find((user) => user.key === state.current) ?? state.users[0];
}

function titleOf(titles) {
  const lang = state.config?.profile.defaultLanguage;
  return titles.en ?? titles[lang] ?? Object.values(titles)[0];
}

// ---------- users ----------

function renderUsers() {
  const select = $('user-select');
  select.replaceChildren(
    ...state.users.map((user) => {
      const option = el('option', null, user.label);
      option.value = user.key;
      option.selected = user.key === state.current;
      return option;
    }),
  );
  $('new-country').replaceChildren(
    ...COUNTRIES.map((country) => {
      const option = el('option', null, `${country.name} (+${country.code})`);
      option.value = country.iso;
      return option;
    }),
  );
}

function randomDigits(count) {
  let digits = '';
  for (let i = 0; i < count; i++) digits += Math.floor(Math.random() * 10);
  return digits;
}

function addUser(event) {
  event.preventDefault();
  const kind = $('new-kind').value;
  const country = COUNTRIES.find((c) => c.iso === $('new-country').value) ?? COUNTRIES[0];
  const name = $('new-name').value.trim() || 'Guest';
  let user;
  if (kind === 'phone') {
    const waId = `${country.code}${randomDigits(12 - country.code.length)}`;
    user = { key: waId, waId, name, label: `${name} · +${waId}` };
  } else {
    const userId = `${country.iso}.${randomDigits(19)}`;
    const username = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.${randomDigits(2)}`;
    user = {
      key: userId,
      userId,
      username,
      name,
      label: `@${username} · username only (${country.iso})`,
    };
  }
  state.users.push(user);
  state.current = user.key;
  $('new-name').value = '';
  event.target.closest('details').open = false;
  save();
  renderUsers();
  renderAll();
}

// ---------- chat ----------

function messagesFor(user) {
  const mine = (state.sent[user.key] ?? []).map((message) => ({ ...message, direction: 'out' }));
  const theirs = state.outbox
    .filter((entry) => {
      const body = entry.body ?? {};
      return (
        (user.waId && body.to === `+${user.waId}`) ||
        (user.userId && body.recipient === user.userId)
      );
    })
    .map((entry) => ({ ...entry, direction: 'in' }));
  return [...mine, ...theirs].sort((a, b) => a.at.localeCompare(b.at));
}

function renderChat() {
  const chat = $('chat');
  const user = currentUser();
  const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 60;
  const decided = new Map(state.decisions.map((record) => [record.wamid, record]));
  const mine = new Map((state.sent[user.key] ?? []).map((message) => [message.wamid, message]));
  const nodes = [
    el('div', 'day', 'Messages are signed webhooks through the real ingress → queue → responder'),
  ];
  const messages = messagesFor(user);
  for (const message of messages) {
    nodes.push(
      message.direction === 'out' ? userBubble(message, decided) : botBubble(message, mine),
    );
  }
  const last = messages.at(-1);
  if (last?.direction === 'out' && !decided.has(last.wamid)) {
    nodes.push(el('div', 'typing', `${state.config?.profile.name ?? 'Business'} is typing…`));
  }
  chat.replaceChildren(...nodes);
  if (atBottom || last?.direction === 'out') chat.scrollTop = chat.scrollHeight;
}

function userBubble(message, decided) {
  const bubble = el('div', 'bubble out');
  bubble.dataset.wamid = message.wamid;
  bubble.append(el('span', 'text', message.text));
  const record = decided.get(message.wamid);
  const meta = el('span', 'meta', timeOf(message.at));
  const ticks = el('span', record ? 'ticks read' : 'ticks', record ? '✓✓' : '✓');
  ticks.title = record ? `decided: ${record.outcome}` : 'queued';
  meta.append(ticks);
  bubble.append(meta);
  if (message.webhookStatus && message.webhookStatus !== 200) {
    bubble.classList.add('failed');
    bubble.append(el('div', 'tag', `webhook answered ${message.webhookStatus}`));
  }
  return bubble;
}

function botBubble(entry, mine) {
  const bubble = el('div', 'bubble in');
  const body = entry.body ?? {};
  bubble.dataset.messageId = entry.messageId ?? '';
  const quoted = mine.get(body.context?.message_id);
  if (quoted) bubble.append(el('div', 'quote', quoted.text));
  if (body.type === 'text') {
    bubble.append(el('span', 'text', body.text?.body ?? ''));
  } else if (body.type === 'interactive') {
    const interactive = body.interactive ?? {};
    bubble.classList.add(`interactive-${interactive.type}`);
    bubble.append(el('span', 'text', interactive.body?.text ?? ''));
    if (interactive.footer?.text) bubble.append(el('div', 'footer', interactive.footer.text));
    if (interactive.type === 'list') {
      const button = el('button', 'list-button', `☰ ${interactive.action?.button ?? 'Options'}`);
      button.type = 'button';
      button.addEventListener('click', () => openList(entry, interactive));
      bubble.append(button);
    } else if (interactive.type === 'button') {
      for (const item of interactive.action?.buttons ?? []) {
        const button = el('button', 'reply-button', item.reply?.title ?? '');
        button.type = 'button';
        button.addEventListener('click', () =>
          sendReply({
            type: 'button_reply',
            id: item.reply.id,
            title: item.reply.title,
            contextId: entry.messageId,
          }),
        );
        bubble.append(button);
      }
    }
  } else if (body.type === 'template') {
    bubble.append(el('span', 'text', `Template message: ${body.template?.name ?? ''}`));
    bubble.append(el('div', 'tag', 'sent because the 24 h window is closed'));
  } else {
    bubble.append(el('span', 'text', `(${body.type ?? 'unknown'} message)`));
  }
  bubble.append(el('span', 'meta', timeOf(entry.at)));
  return bubble;
}

function openList(entry, interactive) {
  $('sheet-title').textContent = interactive.action?.button ?? 'Options';
  const nodes = [];
  for (const section of interactive.action?.sections ?? []) {
    if (section.title) nodes.push(el('div', 'section-title', section.title));
    for (const row of section.rows ?? []) {
      const button = el('button', 'row');
      button.type = 'button';
      button.dataset.rowId = row.id;
      const text = el('span');
      text.append(el('div', 'row-title', row.title));
      if (row.description) text.append(el('div', 'row-desc', row.description));
      button.append(text, el('span', 'radio'));
      button.addEventListener('click', () => {
        closeSheet();
        sendReply({
          type: 'list_reply',
          id: row.id,
          title: row.title,
          description: row.description,
          contextId: entry.messageId,
        });
      });
      nodes.push(button);
    }
  }
  $('sheet-body').replaceChildren(...nodes);
  $('sheet').classList.remove('hidden');
}

function closeSheet() {
  $('sheet').classList.add('hidden');
}

// ---------- sending ----------

function userPayload(user) {
  const payload = { name: user.name };
  if (user.waId) payload.waId = user.waId;
  if (user.userId) payload.userId = user.userId;
  if (user.username) payload.username = user.username;
  return payload;
}

async function send(body, shownText) {
  const user = currentUser();
  $('send').disabled = true;
  try {
    const result = await api('/_local/send', {
      method: 'POST',
      body: { user: userPayload(user), ...body },
    });
    user.userHash = result.userHash;
    state.sent[user.key] = state.sent[user.key] ?? [];
    state.sent[user.key].push({
      wamid: result.wamid,
      text: shownText,
      at: result.at,
      webhookStatus: result.webhookStatus,
    });
    save();
    renderChat();
    scheduleRefresh();
  } catch (error) {
    alert(`Could not send: ${error.message}`);
  } finally {
    $('send').disabled = false;
  }
}

function sendText(event) {
  event.preventDefault();
  const input = $('message');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  send({ text }, text);
}

function sendReply(reply) {
  send({ reply }, reply.title);
}

function renderIntents() {
  const intents = state.config?.profile.intents ?? [];
  $('intents').replaceChildren(
    ...intents.map((intent) => {
      const button = el('button', null, titleOf(intent.title));
      button.type = 'button';
      button.title = intent.example ? `Sends: “${intent.example}”` : intent.id;
      button.addEventListener('click', () => {
        const text = intent.example ?? titleOf(intent.title);
        send({ text }, text);
      });
      return button;
    }),
  );
}

// ---------- decisions and metrics ----------

function userLabelOf(hash) {
  const user = state.users.find((candidate) => candidate.userHash === hash);
  return user ? user.name : shortHash(hash);
}

/** The text the decision log kept: masked by the responder (digits, e-mail) or absent by profile. */
function storedText(record) {
  const cell = el('td');
  const kept =
    record.text ?? (record.inputType === 'text' ? '(not kept)' : `(${record.inputType})`);
  const span = el('span', 'stored', kept);
  span.title = `${kept}${record.reason ? `\nreason: ${record.reason}` : ''}`;
  cell.append(span);
  return cell;
}

function renderDecisions() {
  const outcome = $('f-outcome').value;
  const onlyMine = $('f-user').checked;
  const mine = currentUser().userHash;
  const rows = state.decisions
    .filter((record) => !outcome || record.outcome === outcome)
    .filter((record) => !onlyMine || record.userHash === mine);
  const tbody = document.querySelector('#decisions tbody');
  tbody.replaceChildren(
    ...rows.map((record) => {
      const tr = el('tr');
      tr.dataset.outcome = record.outcome;
      tr.dataset.wamid = record.wamid;
      if (!state.seenDecisions.has(record.wamid)) tr.className = 'fresh';
      const outcomeCell = el('td');
      outcomeCell.append(el('span', `outcome ${record.outcome}`, record.outcome));
      outcomeCell.title = record.reason;
      tr.append(
        el('td', 'mono', record.decidedAt.slice(11, 19)),
        el('td', null, userLabelOf(record.userHash)),
        storedText(record),
        outcomeCell,
        el('td', 'mono', record.intent ?? '–'),
        el('td', 'mono', record.confidence === undefined ? '–' : record.confidence.toFixed(2)),
        el('td', 'mono', record.policyRuleId ?? '–'),
        el('td', 'mono', record.latencyMs === undefined ? '–' : `${record.latencyMs} ms`),
      );
      return tr;
    }),
  );
  for (const record of state.decisions) state.seenDecisions.add(record.wamid);
  $('empty').classList.toggle('hidden', rows.length > 0);
}

function renderMetrics() {
  const metrics = state.metrics;
  if (!metrics) return;
  const by = metrics.byOutcome ?? {};
  $('m-total').textContent = metrics.total;
  $('m-answered').textContent = by.answered ?? 0;
  $('m-refused').textContent = (by.refused_out_of_scope ?? 0) + (by.refused_policy ?? 0);
  $('m-rate').textContent = `${Math.round(metrics.refusalRate * 100)}%`;
  $('m-p50').textContent = metrics.latencyP50Ms === null ? '–' : `${metrics.latencyP50Ms} ms`;
  $('m-p99').textContent = metrics.latencyP99Ms === null ? '–' : `${metrics.latencyP99Ms} ms`;
  $('m-outcomes').replaceChildren(
    ...Object.entries(by).map(([name, count]) => el('span', `outcome ${name}`, `${name} ${count}`)),
  );
  const dlq = metrics.queue?.deadLetters ?? 0;
  $('ddb').textContent = `DynamoDB: ${state.config?.ddb ?? '–'}${dlq ? ` · DLQ ${dlq}` : ''}`;
}

function renderAll() {
  const user = currentUser();
  $('chat-sub').textContent = `chatting as ${user.label}`;
  renderChat();
  renderDecisions();
  renderMetrics();
}

// ---------- live updates ----------

let refreshTimer = null;
let refreshing = false;

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 60);
}

async function refresh() {
  if (refreshing) return scheduleRefresh();
  refreshing = true;
  try {
    const [outbox, decisions, metrics, config] = await Promise.all([
      api('/_local/outbox'),
      api('/_local/decisions?limit=300'),
      api('/_local/metrics'),
      api('/_local/config'),
    ]);
    state.outbox = outbox;
    state.decisions = decisions;
    state.metrics = metrics;
    $('clock').textContent = `clock ${config.now.slice(0, 19).replace('T', ' ')} UTC`;
    renderAll();
  } catch (error) {
    $('clock').textContent = `server unreachable (${error.message})`;
  } finally {
    refreshing = false;
  }
}

function connectEvents() {
  const source = new EventSource('/_local/events');
  for (const type of ['decision', 'outbox', 'dlq', 'reset']) {
    source.addEventListener(type, scheduleRefresh);
  }
}

// ---------- start ----------

async function start() {
  load();
  state.config = await api('/_local/config');
  const { profile, policy, ddb, persistent } = state.config;
  $('biz-name').textContent = profile.name;
  $('biz-avatar').textContent = profile.name.slice(0, 1);
  document.title = `${profile.name} · scoped-responder simulator`;
  $('policy').textContent = `policy ${policy.pack} ${policy.version}`;
  $('ddb').textContent = `DynamoDB: ${ddb}${persistent ? '' : ' (memory)'}`;
  $('f-outcome').append(
    ...OUTCOMES.map((outcome) => {
      const option = el('option', null, outcome);
      option.value = outcome;
      return option;
    }),
  );
  renderUsers();
  renderIntents();
  $('user-select').addEventListener('change', (event) => {
    state.current = event.target.value;
    save();
    renderAll();
  });
  $('new-user-form').addEventListener('submit', addUser);
  $('composer').addEventListener('submit', sendText);
  $('sheet-close').addEventListener('click', closeSheet);
  $('sheet').addEventListener('click', (event) => {
    if (event.target === $('sheet')) closeSheet();
  });
  $('f-outcome').addEventListener('change', renderDecisions);
  $('f-user').addEventListener('change', renderDecisions);
  $('reset').addEventListener('click', async () => {
    if (!confirm('Clear the local table, queue and outbox?')) return;
    await api('/_local/reset', { method: 'POST' });
    state.sent = {};
    state.seenDecisions.clear();
    save();
    await refresh();
  });
  $('fail-next').addEventListener('click', async () => {
    await api('/_local/graph/fail', { method: 'POST', body: { count: 1, code: 131000 } });
    $('fail-next').textContent = 'Next send fails ✓';
    setTimeout(() => {
      $('fail-next').textContent = 'Fail next send';
    }, 2500);
  });
  connectEvents();
  await refresh();
  setInterval(refresh, 4000);
  $('message').focus();
}

start().catch((error) => {
  document.body.prepend(el('p', 'empty', `The simulator could not start: ${error.message}`));
});
