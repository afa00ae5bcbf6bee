// Fill each card's "On the wire" pane with the response head the server wrote for it.
// WIRE_PATH answers with the raw head read back over loopback (see examples/tour.py).

function line(pre, text, className) {
  const span = document.createElement("span");
  if (className) span.className = className;
  span.textContent = text;
  pre.append(span, "\n");
}

// One head line, coloured by kind: the status line, Set-Cookie, any other field.
function headLine(pre, text, index) {
  if (index === 0) return line(pre, text, "status");
  const colon = text.indexOf(":");
  const span = document.createElement("span");
  span.className = /^set-cookie$/i.test(text.slice(0, colon)) ? "cookie" : "";
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = text.slice(0, colon + 1);
  span.append(name, text.slice(colon + 1));
  pre.append(span, "\n");
}

function show(card, data) {
  const head = card.querySelector(".wire pre.head");
  const body = card.querySelector(".wire pre.body");
  head.textContent = "";
  line(head, `sent: ${data.request.split("\r\n")[0]}`, "note");
  data.head.split("\r\n").filter((text) => text !== "").forEach((text, index) => headLine(head, text, index));
  const framing = data.chunked ? `${data.wire_body_size} bytes chunked on the wire` : "";
  line(head, `\n[body: ${data.body_size} bytes${framing ? ", " + framing : ""}]`, "note");
  body.hidden = data.body_size === 0;
  body.textContent = data.preview === null ? `(${data.content_type}, not shown)` : data.preview;
}

async function capture(card, init) {
  const head = card.querySelector(".wire pre.head");
  head.textContent = "sending…";
  try {
    const reply = await fetch(`${WIRE_PATH}?example=${encodeURIComponent(card.dataset.example)}`, init);
    const data = await reply.json();
    if (!reply.ok) throw new Error(data.error);
    show(card, data);
  } catch (error) {
    head.textContent = "";
    line(head, `capture failed: ${error.message}`, "error");
  }
  card.dataset.captured = "yes";
}

for (const card of document.querySelectorAll(".card")) {
  const form = card.querySelector("form");
  if (form) {
    // The POST example is sent on demand, with the Accept header the form says.
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      capture(card, { method: "POST", body: new URLSearchParams(new FormData(form)) });
    });
    card.querySelector(".wire pre.head").textContent = `press “${form.querySelector("button").textContent}”`;
  } else {
    card.querySelector("button.again").addEventListener("click", () => capture(card));
    capture(card);
  }
}

// A server-sent events example is also read live: this browser's EventSource shows each
// event as it arrives, and reconnects when the stream ends, sending the last id it saw
// (Last-Event-ID), from which the server goes on.
for (const list of document.querySelectorAll(".pane.live ol.events")) {
  const source = new EventSource(list.dataset.url);
  source.addEventListener("tick", (event) => {
    const item = document.createElement("li");
    item.textContent = `id ${event.lastEventId}: ${event.data}`;
    item.dataset.id = event.lastEventId;
    list.append(item);
    list.dataset.count = String(list.children.length);
  });
}
