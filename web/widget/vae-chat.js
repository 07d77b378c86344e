/*
 * VAE inversée chat widget: one <script> tag, plain JavaScript, no build.
 *
 *   <script src="https://example.org/widget/vae-chat.js"
 *           data-server-url="https://rasa.example.org"
 *           data-title="Assistant VAE inversée" data-color="#1f3a8a"
 *           data-opening-message="Bonjour ! Posez-moi vos questions."
 *           data-privacy-url="https://example.org/confidentialite" defer></script>
 *
 * data-privacy-url defaults to /confidentialite beside the script (web/serve.py serves it).
 *
 * It talks to Rasa's socket.io channel with socket.io-client 4.8 (vendor/socket.io.esm.min.js,
 * MIT), imported from beside this file when the visitor opens the panel: long-polling first, then
 * WebSocket where the network allows it; reconnection with backoff; messages typed while offline
 * wait in an outbox and are sent once, in order, acknowledged by the server. Its DOM lives in a
 * shadow root so the host page's CSS and the widget's never mix. Every text is inserted with
 * createTextNode / textContent, never as HTML; only http(s) URLs become links. A message from a
 * person of the team (``bot_uttered`` with ``agent``, channels/live.py) is plain text, signed
 * « Marie · équipe VAE inversée » inside its bubble.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__vaeChatLoaded) return;
  window.__vaeChatLoaded = true;

  var NBSP = "\u00a0";
  var MAX_STORED = 100;
  var TYPING_TIMEOUT_MS = 30000;
  var data = script.dataset;
  var options = {
    serverUrl: (data.serverUrl || "").replace(/\/+$/, ""),
    title: data.title || "Assistant VAE inversée",
    color: safeColor(data.color, "#1f3a8a"),
    textColor: safeColor(data.textColor, "#ffffff"),
    opening: data.openingMessage ||
      "Bonjour" + NBSP + "! Je réponds à vos questions sur la VAE inversée. Que souhaitez-vous savoir" + NBSP + "?",
    open: data.open === "true",
    privacyUrl: safeUrl(data.privacyUrl) || safeUrl(new URL("/confidentialite", script.src).href)
  };
  if (!/^https?:\/\//.test(options.serverUrl)) {
    console.error("vae-chat.js: data-server-url doit être une adresse http(s).");
    return;
  }

  function safeUrl(value) {
    return /^https?:\/\//.test(value || "") ? value : "";
  }

  // A colour goes into a CSS custom property: accept only plain colour syntaxes.
  function safeColor(value, fallback) {
    return /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|rgba?\([0-9.,%\s]+\))$/.test(value || "") ? value : fallback;
  }

  // ---- state kept across reloads (same session id, history shown again) ----
  var storeKey = "vae-chat:" + options.serverUrl;
  var state = load();

  function newId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storeKey) || "null");
      if (saved && typeof saved.sessionId === "string" && Array.isArray(saved.messages)) {
        if (!Array.isArray(saved.outbox)) saved.outbox = [];
        return saved;
      }
    } catch (e) { /* storage disabled or corrupt: start afresh */ }
    return { sessionId: newId(), messages: [], outbox: [], open: false };
  }

  function save() {
    state.messages = state.messages.slice(-MAX_STORED);
    try { window.localStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  // ---- DOM ----
  var CSS = [
    ":host{all:initial}",
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif}",
    ".sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0,0,0,0);border:0;white-space:nowrap}",
    ".launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:999px;padding:14px 20px;",
    "font-size:16px;font-weight:600;background:var(--vae-primary);color:var(--vae-on-primary);cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.3)}",
    "button:focus-visible,input:focus-visible,a:focus-visible,.log:focus-visible{outline:3px solid #f59e0b;outline-offset:2px;box-shadow:0 0 0 2px #111827}",
    ".panel{position:fixed;right:20px;bottom:20px;z-index:2147483001;width:380px;max-width:calc(100vw - 40px);height:600px;",
    "max-height:calc(100vh - 40px);display:flex;flex-direction:column;background:#fff;color:#111827;border-radius:12px;",
    "box-shadow:0 8px 30px rgba(0,0,0,.3);overflow:hidden;font-size:15px;line-height:1.45}",
    ".panel[hidden],.launcher[hidden],.typing[hidden]{display:none}",
    "header{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;background:var(--vae-primary);color:var(--vae-on-primary)}",
    "h2{margin:0;font-size:17px;font-weight:700}",
    ".close{border:0;background:transparent;color:inherit;font-size:22px;line-height:1;padding:6px 10px;cursor:pointer;border-radius:6px}",
    ".log{flex:1;overflow-y:auto;margin:0;padding:12px;list-style:none;background:#f8fafc}",
    ".msg{display:flex;flex-direction:column;margin:0 0 10px}",
    ".msg.user{align-items:flex-end}.msg.bot{align-items:flex-start}",
    ".bubble{margin:0;max-width:85%;padding:9px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".user .bubble{background:var(--vae-primary);color:var(--vae-on-primary);border-bottom-right-radius:4px}",
    ".bot .bubble{background:#e5e7eb;color:#111827;border-bottom-left-radius:4px}",
    ".bot .bubble a{color:#1e3a8a}.user .bubble a{color:inherit}",
    // A team member's message (channels/live.py): the assistant's side, another colour, signed.
    ".msg.agent{align-items:flex-start}",
    ".agent .bubble{background:#fef3c7;color:#111827;border:1px solid #b45309;border-bottom-left-radius:4px}",
    ".signature{display:block;font-size:13px;font-weight:700;color:#78350f}",
    "time{font-size:12px;color:#4b5563;margin-top:2px}",
    ".note{display:none;font-size:12px;color:#4b5563}.offline .note{display:inline}",
    ".replies{display:flex;flex-wrap:wrap;gap:6px;padding:8px 12px;background:#f8fafc;border-top:1px solid #e5e7eb}",
    ".replies:empty{display:none}",
    ".reply{border:2px solid var(--vae-primary);background:#fff;color:var(--vae-primary);border-radius:999px;padding:6px 12px;",
    "font-size:14px;cursor:pointer;text-align:left}",
    ".reply:hover{background:var(--vae-primary);color:var(--vae-on-primary)}",
    ".status{padding:0 12px;font-size:13px;color:#374151;background:#f8fafc;min-height:0}",
    ".typing{padding:4px 12px 8px;font-size:13px;color:#374151;background:#f8fafc}",
    ".dot{display:inline-block;width:6px;height:6px;margin-left:3px;border-radius:50%;background:#4b5563;animation:vae-blink 1.2s infinite}",
    ".dot:nth-child(2){animation-delay:.2s}.dot:nth-child(3){animation-delay:.4s}",
    "@keyframes vae-blink{0%,80%,100%{opacity:.2}40%{opacity:1}}",
    "@media (prefers-reduced-motion:reduce){.dot{animation:none}}",
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #e5e7eb;background:#fff}",
    "input{flex:1;min-width:0;font-size:16px;padding:10px 12px;border:1px solid #6b7280;border-radius:8px;color:#111827;background:#fff}",
    ".privacy{margin:0;padding:0 10px 8px;font-size:13px;background:#fff}.privacy a{color:#1e3a8a}",
    ".send{border:0;border-radius:8px;padding:10px 14px;font-size:16px;font-weight:600;background:var(--vae-primary);color:var(--vae-on-primary);cursor:pointer}",
    "@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100%;max-height:100%;border-radius:0}",
    ".launcher{right:12px;bottom:12px}}"
  ].join("\n");

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  var host = el("div", { id: "vae-chat", "data-vae-chat": "" });
  host.style.setProperty("--vae-primary", options.color);
  host.style.setProperty("--vae-on-primary", options.textColor);
  var root = host.attachShadow({ mode: "open" });
  try {  // a constructed stylesheet is not an inline <style>: it works under a strict CSP
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    root.appendChild(el("style", { text: CSS }));
  }

  var launcher = el("button", {
    type: "button", "class": "launcher", "aria-expanded": "false", "aria-controls": "vae-chat-panel",
    text: "Poser une question"
  });
  var closeButton = el("button", { type: "button", "class": "close", "aria-label": "Fermer la discussion", text: "×" });
  var log = el("div", {
    "class": "log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": "Messages de la discussion", tabindex: "0"
  });
  var replies = el("div", { "class": "replies", role: "group", "aria-label": "Réponses proposées" });
  var typing = el("div", { "class": "typing", hidden: "" }, [
    document.createTextNode("L’assistant écrit"),
    el("span", { "class": "dot", "aria-hidden": "true" }), el("span", { "class": "dot", "aria-hidden": "true" }),
    el("span", { "class": "dot", "aria-hidden": "true" })
  ]);
  var status = el("div", { "class": "status", role: "status", "aria-live": "polite" });
  var input = el("input", {
    type: "text", id: "vae-chat-input", name: "message", autocomplete: "off", maxlength: "2000",
    enterkeyhint: "send", placeholder: "Votre question…"
  });
  var form = el("form", { "aria-label": "Écrire un message" }, [
    el("label", { "for": "vae-chat-input", "class": "sr-only", text: "Votre message" }),
    input,
    el("button", { type: "submit", "class": "send", text: "Envoyer" })
  ]);
  var privacy = el("p", { "class": "privacy" }, [
    el("a", { href: options.privacyUrl, target: "_blank", rel: "noopener noreferrer", text: "Vos données personnelles" })
  ]);
  var panel = el("section", { id: "vae-chat-panel", "class": "panel", "aria-label": options.title, hidden: "" }, [
    el("header", {}, [el("h2", { text: options.title }), closeButton]),
    log, typing, status, replies, form, privacy
  ]);
  root.appendChild(launcher);
  root.appendChild(panel);

  // ---- rendering: text only; http(s) URLs become links, **bold** becomes <strong> ----
  function appendLinks(parent, text) {
    var pattern = /https?:\/\/[^\s<>"'«»]+/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text))) {
      var url = match[0].replace(/[.,;:!?)\]]+$/, "");
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      parent.appendChild(el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: url }));
      last = match.index + url.length;
      pattern.lastIndex = last;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function appendRich(parent, text) {
    text.split(/(\*\*[^*\n]+\*\*)/).forEach(function (chunk) {
      if (/^\*\*[^*\n]+\*\*$/.test(chunk)) {
        var strong = document.createElement("strong");
        appendLinks(strong, chunk.slice(2, -2));
        parent.appendChild(strong);
      } else {
        appendLinks(parent, chunk);
      }
    });
  }

  function clock(time) {
    return new Date(time).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
  }

  function render(message) {
    var bubble;
    if (message.from === "agent") {
      // Typed by a person, never markup: text only, signed in the bubble itself (read aloud too).
      bubble = el("p", { "class": "bubble" }, [
        el("span", { "class": "signature", text: signature(message.agent) }),
        document.createTextNode(message.text)
      ]);
    } else {
      bubble = el("p", { "class": "bubble" }, [
        el("span", { "class": "sr-only", text: message.from === "user" ? "Vous" + NBSP + ": " : "Assistant" + NBSP + ": " })
      ]);
      if (message.from === "bot") appendRich(bubble, message.text);
      else bubble.appendChild(document.createTextNode(message.text));
    }
    var time = el("time", { datetime: new Date(message.time).toISOString(), text: clock(message.time) });
    var item = el("div", { "class": "msg " + message.from }, [bubble, time]);
    if (message.id) item.setAttribute("data-id", message.id);
    if (message.pending) {
      item.classList.add("pending");
      item.appendChild(el("span", { "class": "note", text: "En attente d’envoi" }));
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function signature(agent) {
    var name = typeof agent === "string" && agent.trim() ? agent.trim() : "Un membre";
    return name + " · équipe VAE inversée";
  }

    function showReplies(buttons) {
    while (replies.firstChild) replies.removeChild(replies.firstChild);
    (buttons || []).forEach(function (button) {
      var reply = el("button", { type: "button", "class": "reply", text: button.title });
      reply.addEventListener("click", function () { send(button.payload, button.title); });
      replies.appendChild(reply);
    });
  }

  function addMessage(message) {
    state.messages.push(message);
    save();
    render(message);
    showReplies(message.from === "bot" ? message.buttons : []);
  }

  function setTyping(on) {
    typing.hidden = !on;
    clearTimeout(setTyping.timer);
    if (on) setTyping.timer = setTimeout(function () { setTyping(false); }, TYPING_TIMEOUT_MS);
  }

  // ---- transport: socket.io-client 4 (Socket.IO v5 / Engine.IO v4), loaded from beside this script ----
  // HTTP long-polling first, then an upgrade to WebSocket where the network lets it through (the
  // library's default), so the widget works behind proxies that block WebSocket. Every visitor
  // message gets an id and waits in state.outbox (kept across reloads) until the server
  // acknowledges it, one at a time and in order; the server ignores an id it has already received,
  // so a message sent again after a dropped connection is processed once.
  var LIBRARY_URL = new URL("vendor/socket.io.esm.min.js", script.src).href;
  var ACK_TIMEOUT_MS = 30000;  // the acknowledgement comes once the turn is over
  var socket = null;
  var loading = false;
  var loadFailures = 0;
  var ready = false;           // session confirmed on the current connection: messages can go out
  var inFlight = null;         // id of the message sent and not yet acknowledged
  var connectedOnce = false;
  var retries = 0;
  var retryTimer = null;
  panel.classList.add("offline");  // until a session is confirmed: unsent messages say so

  function setStatus(text) {
    if (status.textContent !== text) status.textContent = text;
    panel.classList.toggle("offline", !ready);
  }

  function backoff() {  // 1 s, 2 s, 4 s… up to 30 s, with jitter
    var delay = Math.min(30000, 1000 * Math.pow(2, retries)) * (0.5 + Math.random() / 2);
    retries += 1;
    return delay;
  }

  function retryLater(action) {
    if (retryTimer) return;
    retryTimer = setTimeout(function () { retryTimer = null; action(); }, backoff());
  }

  function connect() {
    if (socket) {
      // The server ended the session (or refused it): the library leaves it closed; try again later.
      if (!socket.connected && !socket.active) retryLater(function () { if (!socket.connected) socket.connect(); });
      return;
    }
    if (loading) return;
    loading = true;
    // A failed module fetch may be remembered by the browser: a retry asks for another URL.
    import(LIBRARY_URL + (loadFailures ? "?retry=" + loadFailures : "")).then(function (library) {
      loading = false;
      if (!socket) open(library.io);
    }, function () {
      loading = false;
      loadFailures += 1;
      setStatus("Connexion au serveur impossible pour l’instant, nouvel essai…");
      retryLater(connect);
    });
  }

  function open(io) {
    socket = io(options.serverUrl, {
      transports: ["polling", "websocket"],  // long-polling first, then the upgrade
      tryAllTransports: true,                // polling itself blocked: try WebSocket directly
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      randomizationFactor: 0.5
    });
    socket.on("connect", function () {
      ready = false;
      inFlight = null;
      showTransport();
      socket.io.engine.on("upgrade", showTransport);
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function () {
      ready = true;
      connectedOnce = true;
      retries = 0;
      setStatus("");
      pump();
    });
    socket.on("bot_uttered", onBotMessage);
    socket.on("disconnect", function () {
      ready = false;
      inFlight = null;  // sent again once reconnected
      host.removeAttribute("data-transport");
      setStatus("Reconnexion…");
      if (!socket.active) connect();  // the server's disconnect packet: reconnect ourselves, with backoff
    });
    socket.on("connect_error", function () {
      setStatus(connectedOnce ? "Reconnexion…" : "Connexion au serveur…");
      if (!socket.active) connect();  // refused by the server rather than unreachable
    });
  }

  function showTransport() {  // "polling" or "websocket", for support and the tests
    var engine = socket && socket.io.engine;
    if (engine && engine.transport) host.setAttribute("data-transport", engine.transport.name);
  }

  function pump() {
    if (!ready || inFlight || !state.outbox.length) return;
    var next = state.outbox[0];
    var id = next.id;
    inFlight = id;
    setTyping(true);
    socket.timeout(ACK_TIMEOUT_MS).emit(
      "user_uttered", { message: next.payload, session_id: state.sessionId, message_id: id },
      function (error) {
        if (inFlight !== id) return;  // the connection dropped meanwhile: sent again on reconnection
        inFlight = null;
        if (!error) delivered(id);
        pump();  // the next one, or the same again after a timeout (the server ignores a repeat)
      });
  }

  function delivered(id) {
    state.outbox = state.outbox.filter(function (item) { return item.id !== id; });
    state.messages.forEach(function (message) { if (message.id === id) delete message.pending; });
    save();
    var item = log.querySelector('[data-id="' + id + '"]');
    if (item) {
      item.classList.remove("pending");
      var note = item.querySelector(".note");
      if (note) note.parentNode.removeChild(note);
    }
  }

  // After « supprimer mes données » the server has erased the conversation: so does the browser.
  function forgetHistory() {
    state.messages = [];
    save();
    while (log.firstChild) log.removeChild(log.firstChild);
    showReplies([]);
  }

  function onBotMessage(message) {
    if (message.vae_chat === "history_erased") {
      forgetHistory();
      return;
    }
    var text = typeof message.text === "string" ? message.text : "";
    var image = message.attachment && message.attachment.payload && message.attachment.payload.src;
    if (typeof image === "string") text += (text ? "\n" : "") + image;
    var buttons = (message.quick_replies || message.buttons || [])
      .filter(function (button) { return button && button.title; })
      .map(function (button) { return { title: String(button.title), payload: String(button.payload || button.title) }; });
    if (!text && !buttons.length) return;
    setTyping(false);
    if (typeof message.agent === "string" && message.agent) {
      addMessage({ from: "agent", agent: message.agent, text: text, time: Date.now(), buttons: [] });
      return;
    }
    addMessage({ from: "bot", text: text, time: Date.now(), buttons: buttons });
  }

  // ---- user actions ----
  function send(payload, shown) {
    var id = newId();
    state.outbox.push({ id: id, payload: payload });
    addMessage({ from: "user", text: shown, time: Date.now(), id: id, pending: true });
    if (!ready) setStatus(connectedOnce ? "Reconnexion…" : "Connexion au serveur…");
    pump();
    connect();
  }

  function openPanel() {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save();
    log.scrollTop = log.scrollHeight;
    input.focus();
    connect();
  }

  function closePanel() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    launcher.focus();
  }

  launcher.addEventListener("click", openPanel);
  closeButton.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closePanel();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text, text);
    input.focus();
  });

  // ---- start: history first, then the opening message for a new conversation ----
  state.messages.forEach(render);
  var lastMessage = state.messages[state.messages.length - 1];
  if (lastMessage && lastMessage.from === "bot") showReplies(lastMessage.buttons);
  if (!state.messages.length) addMessage({ from: "bot", text: options.opening, time: Date.now(), buttons: [] });

  function mount() {  // connect on opening only: a visitor who never chats costs the server nothing
    document.body.appendChild(host);
    if (options.open || state.open) openPanel();
    else if (state.outbox.length) connect();  // messages left unsent by the last page
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
