// « Conversations en direct »: the list and a conversation refresh themselves every 2 s, and the
// person's actions are sent without leaving the page. Served by the dashboard itself (CSP script-src
// 'self'): no framework, no CDN. Every text from the server is set with textContent, never as HTML.
(function () {
  "use strict";

  var POLL_MS = 2000;
  var LOST = "Connexion au tableau de bord perdue : nouvel essai dans un instant.";
  var FAILED = "La demande n’a pas abouti. Réessayez dans un instant.";
  var NOT_PUSHED = "Message enregistré, mais ce canal ne permet pas de l’afficher tout de suite au visiteur.";

  function feedback(text, failed) {
    var region = document.getElementById("live-feedback");
    if (!region) return;
    region.textContent = text || "";
    region.classList.toggle("failed", Boolean(failed));
  }

  async function getJson(url) {
    var response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (response.status === 401) {
      window.location.assign("/connexion?expiree=1");
      throw new Error("session");
    }
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  // Polls ``tick`` every POLL_MS, one call at a time; paused while the tab is hidden.
  function poll(tick) {
    async function loop() {
      if (document.visibilityState !== "hidden") {
        try {
          await tick();
        } catch (error) {
          if (error.message !== "session") feedback(LOST, true);
        }
      }
      window.setTimeout(loop, POLL_MS);
    }
    window.setTimeout(loop, POLL_MS);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") tick().catch(function () { feedback(LOST, true); });
    });
  }

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function startList(root) {
    var body = document.getElementById("live-rows");
    var table = root.querySelector("table");
    var empty = document.getElementById("live-empty");
    poll(async function () {
      var data = await getJson(root.dataset.poll);
      var rows = document.createDocumentFragment();
      data.conversations.forEach(function (conversation) {
        var row = document.createElement("tr");
        row.className = "live-" + conversation.status;
        var link = document.createElement("a");
        link.href = conversation.url;
        link.textContent = conversation.sender_id;
        cell(row, "").appendChild(link);
        cell(row, conversation.channel_label);
        cell(row, conversation.status_label);
        cell(row, conversation.waited);
        cell(row, conversation.taken_by || "–");
        rows.appendChild(row);
      });
      body.replaceChildren(rows);
      table.hidden = data.conversations.length === 0;
      empty.hidden = data.conversations.length !== 0;
      if (document.getElementById("live-feedback").classList.contains("failed")) feedback("");
    });
  }

  function line(message) {
    var item = document.createElement("li");
    item.className = message.author;
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = message.who;
    var time = document.createElement("time");
    time.dateTime = message.at;
    time.textContent = message.at_text;
    var text = document.createElement("p");
    text.className = "message";
    text.textContent = message.text;
    item.append(who, " ", time, text);
    return item;
  }

  function startConversation(root) {
    var transcript = document.getElementById("live-transcript");
    var empty = document.getElementById("transcript-empty");
    var state = document.getElementById("live-state");
    var textarea = document.getElementById("texte");
    var lastId = Number(root.dataset.lastId) || 0;

    async function refresh() {
      var url = root.dataset.messages + "?apres=" + encodeURIComponent(String(lastId));
      var data = await getJson(url);
      data.messages.forEach(function (message) {
        transcript.appendChild(line(message));
      });
      if (data.messages.length) empty.hidden = true;
      lastId = data.last_id;
      if (state && data.status_label) {
        state.textContent = data.status_label + (data.status === "taken" && data.taken_by ? " par " + data.taken_by : "");
      }
      // Someone else took or gave back the conversation: the controls change, unless a message is being typed.
      var mine = data.mine ? "oui" : "non";
      if ((data.status || "") !== root.dataset.status || mine !== root.dataset.mine) {
        if (!textarea || !textarea.value.trim()) window.location.reload();
      }
      if (document.getElementById("live-feedback").classList.contains("failed") && !sending) feedback("");
    }

    var sending = false;
    async function submit(form) {
      var kind = form.dataset.live;
      if (sending) return;
      sending = true;
      var button = form.querySelector("button");
      button.disabled = true;
      try {
        var response = await fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        var data = null;
        try {
          data = await response.json();
        } catch (error) {
          data = null;
        }
        if (!response.ok || !data || !data.ok) {
          feedback((data && data.error) || FAILED, true);
          return;
        }
        if (kind === "message") {
          textarea.value = "";
          feedback(data.delivered ? "" : NOT_PUSHED, false);
          await refresh();
        } else {
          window.location.assign(window.location.pathname);  // new controls: taken, or given back
        }
      } catch (error) {
        feedback(LOST, true);
      } finally {
        sending = false;
        button.disabled = false;
      }
    }

    document.querySelectorAll("form[data-live]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        submit(form);
      });
    });
    poll(refresh);
  }

  var list = document.getElementById("live-list");
  if (list) startList(list);
  var conversation = document.getElementById("live-conversation");
  if (conversation) startConversation(conversation);
})();
