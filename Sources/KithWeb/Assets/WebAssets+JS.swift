extension WebAssets {
    static let appJS = #"""
        "use strict";
        // Kith's web app: every page is built from the JSON-RPC methods at /rpc. Text is always set
        // as text (never as HTML), so nothing from the store can run as code in the page.

        const main = document.getElementById("main");
        const statusLine = document.getElementById("status");
        let sequence = 0;

        class KithFailure extends Error {
          constructor(error) { super(error.message); this.data = error.data || {}; }
        }

        // This page's id: the server marks the changes it makes, which it has already redrawn.
        const tab = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));

        async function rpc(method, params) {
          const request = { jsonrpc: "2.0", id: ++sequence, method };
          if (params !== undefined) request.params = params;
          const response = await fetch("/rpc", {
            method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-Kith-Tab": tab }, body: JSON.stringify(request),
          });
          if (response.status === 401) throw new KithFailure({ message: "This page's session has ended: start Kith again and open its new link." });
          const message = await response.json();
          if (message.error) throw new KithFailure(message.error);
          return message.result;
        }

        function h(tag, attributes, ...children) {
          const node = document.createElement(tag);
          for (const [name, value] of Object.entries(attributes || {})) {
            if (value === false || value === null || value === undefined) continue;
            if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
            else if (value === true) node.setAttribute(name, "");
            else node.setAttribute(name, String(value));
          }
          for (const child of children.flat()) {
            if (child === null || child === undefined || child === false) continue;
            node.append(child instanceof Node ? child : document.createTextNode(String(child)));
          }
          return node;
        }

        let fieldCount = 0;
        function field(label, control) {
          const id = control.id || "f" + (++fieldCount);
          control.id = id;
          return h("div", {}, h("label", { for: id }, label), control);
        }

        function say(text, isError) {
          statusLine.textContent = text;
          statusLine.className = isError ? "error" : "";
        }

        function failed(error) { say(error.message || String(error), true); }

        function localDate(instant) {
          if (!instant) return "";
          const d = new Date(instant);
          return d.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
        }

        function telLink(phone) { return h("a", { href: "tel:" + phone.replace(/[^+0-9]/g, "") }, phone); }

        // Who to reach, the crisis line, and the lines every front end shows: first on the plan page,
        // and at once, as an alert, after a risk answer.
        function crisisSection(crisis, heading) {
          const section = h("section", { class: "alert", role: "alert", "aria-labelledby": "crisis-heading" },
            h("h2", { id: "crisis-heading" }, heading || "Who to reach now"));
          const list = h("ul", {});
          for (const c of crisis.contacts) {
            list.append(h("li", {}, c.name + ": ", c.phone ? telLink(c.phone) : "no phone number saved", " (" + c.reason + ")"));
          }
          if (crisis.line) {
            list.append(h("li", {}, crisis.line.name + ": ", telLink(crisis.line.phone), crisis.line.note ? " (" + crisis.line.note + ")" : ""));
          }
          if (crisis.clinic) {
            list.append(h("li", {}, "Your clinic, " + crisis.clinic.name + ": ", telLink(crisis.clinic.phone), crisis.clinic.note ? " (" + crisis.clinic.note + ")" : ""));
          }
          if (list.children.length) section.append(list);
          for (const line of crisis.lines) if (!line.startsWith("- ")) section.append(h("p", {}, line));
          return section;
        }

        // A page redrawn because the store changed elsewhere is built aside and swapped in only if
        // the person has not started on a form meanwhile (the reads take a moment; under load,
        // long enough to type a note that a redraw would have thrown away), and keeps the focus.
        let inBackground = false;
        function startedOnAForm() {
          return main.querySelector("form[data-dirty]") || (main.contains(document.activeElement) && document.activeElement.closest("form"));
        }
        // Every page is built aside and shown whole, and only if no newer page was asked for
        // meanwhile: two builds appending to one page would mix two pages' forms.
        let latest = 0;
        async function page(title, build) {
          const mine = ++latest;
          const aside = h("div", {}, h("h1", {}, title));
          if (inBackground) {
            try { await build(aside); } catch (error) { return; }
            if (mine === latest && !startedOnAForm() && !main.querySelector("[data-pinned]")) main.replaceChildren(...aside.childNodes);
            return;
          }
          const earlier = main.querySelector("[data-pinned]");
          try { await build(aside); } catch (error) { if (mine === latest) failed(error); }
          if (mine !== latest) return;
          // A risk alert that arrived while the page was built stays, under the heading.
          const pinned = main.querySelector("[data-pinned]");
          main.replaceChildren(...aside.childNodes);
          if (pinned && pinned !== earlier) main.insertBefore(pinned, main.children[1] || null);
          main.focus();
        }

        // ---- Today -------------------------------------------------------------------------------

        async function today() {
          await page("Today", async (root) => {
            const [metrics, people, due, coming] = await Promise.all([
              rpc("metrics.list"), rpc("people.list"), rpc("reminders.due"),
              rpc("schedule.occurrences", { until: new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10) }),
            ]);
            const moods = h("fieldset", { class: "choices" }, h("legend", {}, "Mood"),
              ...["1 awful", "2 bad", "3 okay", "4 good", "5 great"].map((label, i) =>
                h("label", {}, h("input", { type: "radio", name: "mood", value: i + 1 }), label)));
            const note = h("textarea", { name: "text" });
            const tags = h("input", { type: "text", name: "tags", placeholder: "walk, group" });
            const helped = h("select", { name: "people", multiple: true, size: Math.min(4, Math.max(2, people.length)) },
              ...people.map((p) => h("option", { value: p.name }, p.name)));
            const metricFields = metrics.map((m) => {
              const input = m.kind === "boolean" ? h("input", { type: "checkbox", "data-metric": m.id })
                : h("input", { type: m.kind === "text" ? "text" : "number", "data-metric": m.id, "data-kind": m.kind,
                  min: m.min, max: m.max, step: m.kind === "integer" ? 1 : "any" });
              return field(m.name, input);
            });
            const form = h("form", { class: "card", "aria-labelledby": "checkin" }, h("h2", { id: "checkin" }, "Check in"),
              moods, field("Note", note), field("Tags (separated by commas)", tags),
              people.length ? field("Who helped", helped) : null, ...metricFields, h("button", { type: "submit" }, "Save check-in"));
            form.addEventListener("submit", async (event) => {
              event.preventDefault();
              const entry = {};
              const mood = form.querySelector("input[name=mood]:checked");
              if (mood) entry.mood = Number(mood.value);
              if (note.value.trim()) entry.text = note.value.trim();
              const tagList = tags.value.split(",").map((t) => t.trim()).filter(Boolean);
              if (tagList.length) entry.tags = tagList;
              const chosen = Array.from(helped.selectedOptions).map((o) => o.value);
              if (chosen.length) entry.people = chosen;
              const values = {};
              for (const input of form.querySelectorAll("[data-metric]")) {
                if (input.type === "checkbox") { if (input.checked) values[input.dataset.metric] = true; }
                else if (input.value !== "") values[input.dataset.metric] = input.dataset.kind === "text" ? input.value : Number(input.value);
              }
              if (Object.keys(values).length) entry.metrics = values;
              try { await rpc("journal.add", entry); say("Saved your check-in."); form.reset(); } catch (error) { failed(error); }
            });
            root.append(form, remindersSection(due), upcomingSection(coming));
          });
        }

        function remindersSection(due) {
          const list = h("ul", { class: "items" });
          for (const r of due) {
            const done = h("button", { type: "button", class: "quiet" }, "Done");
            done.addEventListener("click", async () => {
              try { await rpc("reminders.done", [r.source, r.key]); say("Marked done: " + r.title); route(); } catch (e) { failed(e); }
            });
            const snooze = h("button", { type: "button", class: "quiet" }, "Snooze until tomorrow");
            snooze.addEventListener("click", async () => {
              try { await rpc("reminders.snooze", [r.source, r.key, "tomorrow"]); say("Snoozed until tomorrow: " + r.title); route(); } catch (e) { failed(e); }
            });
            // A clinic's instrument is done by answering it: the link opens its form.
            const answer = r.source === "kith.instruments"
              ? h("a", { href: "#assess/" + encodeURIComponent(r.key.slice(0, -11)) }, "Answer it") : null;
            list.append(h("li", {}, (r.priority === "high" ? "Important: " : "") + r.title, " ", answer, answer ? " " : null, done, r.source === "kith.crisis" ? null : snooze));
          }
          return h("section", { "aria-labelledby": "due" }, h("h2", { id: "due" }, "Due"), due.length ? list : h("p", {}, "Nothing is due."));
        }

        function upcomingSection(coming) {
          const list = h("ul", { class: "items" }, ...coming.map((o) => h("li", {}, o.title, h("span", { class: "meta" }, " " + localDate(o.starts)))));
          return h("section", { "aria-labelledby": "coming" }, h("h2", { id: "coming" }, "Coming up"), coming.length ? list : h("p", {}, "Nothing in the next week."));
        }

        // ---- Journal -----------------------------------------------------------------------------

        async function journal() {
          await page("Journal", async (root) => {
            const query = h("input", { type: "search", name: "q" });
            const results = h("div", {});
            const search = h("form", { class: "card", role: "search" }, field("Search the journal", query), h("button", { type: "submit" }, "Search"));
            search.addEventListener("submit", async (event) => {
              event.preventDefault();
              try { results.replaceChildren(entryList(await rpc("journal.search", [query.value]), "Found")); } catch (e) { failed(e); }
            });
            const undo = h("button", { type: "button", class: "quiet" }, "Undo the last change");
            undo.addEventListener("click", async () => {
              try { const change = await rpc("history.undo"); say(change ? "Undone: " + change.summary : "Nothing to undo."); route(); } catch (e) { failed(e); }
            });
            root.append(search, results, undo, entryList(await rpc("journal.list", { limit: 50 }), "Latest entries"));
          });
        }

        function entryList(entries, heading) {
          const list = h("ul", { class: "items" });
          for (const e of entries) {
            const item = h("li", {}, h("p", { class: "meta" }, localDate(e.at) + (e.mood ? " · mood " + e.mood : "") + (e.tags.length ? " · " + e.tags.join(", ") : "")),
              h("p", {}, e.text || "(no text)"));
            const edit = h("button", { type: "button", class: "quiet" }, "Edit");
            edit.addEventListener("click", () => {
              const text = h("textarea", {}, e.text);
              const save = h("button", { type: "button" }, "Save");
              save.addEventListener("click", async () => {
                try { await rpc("journal.update", [e.id, { text: text.value }]); say("Saved."); route(); } catch (err) { failed(err); }
              });
              item.replaceChildren(field("Entry of " + localDate(e.at), text), save);
              text.focus();
            });
            const remove = h("button", { type: "button", class: "quiet" }, "Delete");
            remove.addEventListener("click", async () => {
              try { await rpc("journal.delete", [e.id]); say("Deleted. 'Undo the last change' brings it back."); route(); } catch (err) { failed(err); }
            });
            item.append(edit, remove);
            list.append(item);
          }
          return h("section", {}, h("h2", {}, heading), entries.length ? list : h("p", {}, "No entries."));
        }

        // ---- Network -----------------------------------------------------------------------------

        async function network() {
          await page("Network", async (root) => {
            const [people, types] = await Promise.all([rpc("people.list"), rpc("support_types.list")]);
            root.append(h("iframe", { class: "report", title: "Your support network as circles", src: "/report/network", sandbox: "" }));
            const list = h("ul", { class: "items" }, ...people.map((p) => personItem(p)));
            root.append(h("section", { "aria-labelledby": "people" }, h("h2", { id: "people" }, "People"), people.length ? list : h("p", {}, "No one yet.")));

            const name = h("input", { type: "text", required: true });
            const type = h("select", {}, ...types.map((t) => h("option", { value: t.id }, t.name)));
            const circle = h("select", {}, ...["inner", "middle", "outer"].map((c) => h("option", { value: c }, c)));
            const phone = h("input", { type: "tel" });
            const crisis = h("input", { type: "checkbox" });
            const add = h("form", { class: "card", "aria-labelledby": "add-person" }, h("h2", { id: "add-person" }, "Add someone"),
              field("Name", name), field("Support type", type), field("Circle", circle), field("Phone", phone),
              h("label", {}, crisis, " A crisis contact"), h("button", { type: "submit" }, "Add"));
            add.addEventListener("submit", async (event) => {
              event.preventDefault();
              const person = { name: name.value, type: type.value, circle: circle.value, crisis: crisis.checked };
              if (phone.value) person.phone = phone.value;
              try { await rpc("people.add", person); say("Added " + name.value + "."); route(); } catch (e) { failed(e); }
            });

            const who = h("select", {}, ...people.map((p) => h("option", { value: p.name }, p.name)));
            const channel = h("select", {}, ...["call", "text", "in_person", "video", "group_meeting", "online"].map((c) => h("option", { value: c }, c.replace("_", " "))));
            const note = h("input", { type: "text" });
            const log = h("form", { class: "card", "aria-labelledby": "log" }, h("h2", { id: "log" }, "Log a contact"),
              field("With", who), field("How", channel), field("Note", note), h("button", { type: "submit" }, "Log"));
            log.addEventListener("submit", async (event) => {
              event.preventDefault();
              const contact = { person: who.value, channel: channel.value };
              if (note.value) contact.note = note.value;
              try { await rpc("interactions.log", contact); say("Logged a " + channel.value.replace("_", " ") + " with " + who.value + "."); route(); } catch (e) { failed(e); }
            });
            root.append(add, people.length ? log : null);
          });
        }

        function personItem(p) {
          const item = h("li", {}, p.name + " · " + p.type + " · " + p.circle + " circle",
            p.crisis ? " · crisis contact" : "", p.phone ? [" · ", telLink(p.phone)] : "",
            h("span", { class: "meta" }, " · last contact: " + (p.last_interaction_at ? localDate(p.last_interaction_at) : "never")));
          const edit = h("button", { type: "button", class: "quiet", "aria-label": "Edit " + p.name }, "Edit");
          edit.addEventListener("click", () => {
            const circle = h("select", {}, ...["inner", "middle", "outer"].map((c) => h("option", { value: c, selected: c === p.circle }, c)));
            const phone = h("input", { type: "tel", value: p.phone || "" });
            const crisis = h("input", { type: "checkbox", checked: p.crisis });
            const form = h("form", { "aria-label": "Edit " + p.name }, h("p", {}, p.name), field("Circle", circle), field("Phone", phone),
              h("label", {}, crisis, " A crisis contact"), h("button", { type: "submit" }, "Save"));
            form.addEventListener("submit", async (event) => {
              event.preventDefault();
              const changes = { circle: circle.value, crisis: crisis.checked, phone: phone.value.trim() || false };
              try { await rpc("people.update", [p.id, changes]); say("Saved " + p.name + "."); route(); } catch (e) { failed(e); }
            });
            item.replaceChildren(form);
            circle.focus();
          });
          item.append(" ", edit);
          return item;
        }

        // ---- Schedule and reminders --------------------------------------------------------------

        async function schedule() {
          await page("Schedule and reminders", async (root) => {
            const [events, due, snoozed] = await Promise.all([rpc("schedule.list"), rpc("reminders.due"), rpc("reminders.snoozed")]);
            root.append(remindersSection(due));
            if (snoozed.length) {
              root.append(h("section", {}, h("h2", {}, "Snoozed"), h("ul", { class: "items" }, ...snoozed.map((s) => h("li", {}, (s.title || s.key) + " · back on " + s.until)))));
            }
            root.append(h("section", {}, h("h2", {}, "Commitments"),
              events.length ? h("ul", { class: "items" }, ...events.map((e) => h("li", {}, e.title, h("span", { class: "meta" }, " " + localDate(e.starts) + (e.rrule ? " · repeats" : ""))))) : h("p", {}, "None yet.")));
            const title = h("input", { type: "text", required: true });
            const starts = h("input", { type: "datetime-local", required: true });
            const weekly = h("input", { type: "checkbox" });
            const form = h("form", { class: "card", "aria-labelledby": "add-event" }, h("h2", { id: "add-event" }, "Add a commitment"),
              field("What", title), field("When", starts), h("label", {}, weekly, " Every week"), h("button", { type: "submit" }, "Add"));
            form.addEventListener("submit", async (event) => {
              event.preventDefault();
              const commitment = { title: title.value, starts: starts.value.replace("T", " ") };
              if (weekly.checked) commitment.repeat = { freq: "weekly" };
              try { await rpc("schedule.add", commitment); say("Added " + title.value + "."); route(); } catch (e) { failed(e); }
            });
            root.append(form);
          });
        }

        // ---- Check-ins (assessments) -------------------------------------------------------------

        async function assess(id) {
          await page("Check-ins", async (root) => {
            const instruments = await rpc("assessments.list");
            const chooser = h("ul", { class: "items" }, ...instruments.map((a) => {
              const open = h("button", { type: "button", class: "quiet" }, a.title);
              open.addEventListener("click", () => assessmentForm(main, a));  // main: root was only where the page was built
              return h("li", {}, open);
            }));
            root.append(h("section", { "aria-labelledby": "which" }, h("h2", { id: "which" }, "Questionnaires"), chooser));
            const results = await rpc("assessments.results");
            root.append(h("section", {}, h("h2", {}, "Your results"), results.length
              ? h("ul", { class: "items" }, ...results.slice(0, 20).map((r) => h("li", {}, r.assessment + ": " + r.total + (r.band ? " (" + r.band + ")" : ""), h("span", { class: "meta" }, " " + localDate(r.at)))))
              : h("p", {}, "No results yet.")));
            const asked = id && instruments.find((a) => a.id === id);
            if (asked) assessmentForm(root, asked);
          });
        }

        function assessmentForm(root, a) {
          const form = h("form", { class: "card", "aria-labelledby": "form-title" }, h("h2", { id: "form-title" }, a.title));
          if (a.instructions) form.append(h("p", {}, a.instructions));
          for (const item of a.items) {
            form.append(h("fieldset", { class: "choices" }, h("legend", {}, item.text + (item.optional ? " (optional)" : "")),
              ...item.choices.map((c) => h("label", {}, h("input", { type: "radio", name: "item-" + item.id, value: c.value, required: !item.optional }), c.label))));
          }
          form.append(h("button", { type: "submit" }, "Save answers"));
          form.addEventListener("submit", async (event) => {
            event.preventDefault();
            const answers = {};
            for (const item of a.items) {
              const picked = form.querySelector("input[name=" + CSS.escape("item-" + item.id) + "]:checked");
              if (picked) answers[item.id] = Number(picked.value);
            }
            try {
              const result = await rpc("assessments.record", [a.id, answers]);
              const outcome = h("section", { "aria-labelledby": "outcome" }, h("h2", { id: "outcome" }, "Recorded"),
                h("p", {}, "Total " + result.total + (result.band ? ", " + result.band : "") + "."));
              if (result.crisis) {
                const alert = crisisSection(result.crisis, "Please reach someone now");
                alert.dataset.pinned = "1";  // stays until the person goes to another page
                alert.insertBefore(h("p", {}, result.risk), alert.children[1]);
                main.replaceChildren(h("h1", {}, a.title), alert, outcome);
                alert.querySelector("a") ? alert.querySelector("a").focus() : alert.focus();
              } else {
                main.replaceChildren(h("h1", {}, a.title), outcome);
                say("Saved your answers.");
              }
            } catch (error) { failed(error); }
          });
          root.replaceChildren(h("h1", {}, "Check-ins"), form);
          form.querySelector("input") && form.querySelector("input").focus();
        }

        // ---- Safety plan -------------------------------------------------------------------------

        const sections = [
          ["warning_signs", "Warning signs that a crisis may be developing"],
          ["coping", "Things I can do on my own to take my mind off my problems"],
          ["distraction", "People and places that help me take my mind off things"],
          ["help", "People I can ask for help"],
          ["professionals", "Professionals and services I can contact in a crisis"],
          ["environment", "Making my surroundings safe"],
          ["reasons", "My reasons for living"],
        ];

        async function plan() {
          await page("Safety plan", async (root) => {
            const [crisis, current] = await Promise.all([rpc("crisis.support"), rpc("plan.get")]);
            root.append(crisisSection(crisis));
            const form = h("form", { class: "card", "aria-labelledby": "plan-steps" }, h("h2", { id: "plan-steps" }, "My plan"),
              h("p", { class: "meta" }, "One item per line."));
            for (const [key, title] of sections) {
              const items = (current[key] || []).map((i) => i.text);
              form.append(field(title, h("textarea", { name: key }, items.join("\n"))));
            }
            form.append(h("button", { type: "submit" }, "Save the plan"));
            form.addEventListener("submit", async (event) => {
              event.preventDefault();
              const steps = {};
              for (const [key] of sections) {
                steps[key] = form.elements[key].value.split("\n").map((s) => s.trim()).filter(Boolean);
              }
              try { await rpc("plan.update", steps); say("Saved your safety plan."); } catch (e) { failed(e); }
            });
            const country = h("input", { type: "text", placeholder: "US, GB, IE, AU, ..." });
            const line = h("form", { class: "card", "aria-labelledby": "line" }, h("h2", { id: "line" }, "Crisis line"),
              field("Your country (two letters)", country), h("button", { type: "submit" }, "Set the crisis line"));
            line.addEventListener("submit", async (event) => {
              event.preventDefault();
              try { await rpc("plan.crisis_line", { country: country.value.trim() }); say("Set the crisis line."); route(); } catch (e) { failed(e); }
            });
            root.append(form, line);
          });
        }

        // ---- Reports -----------------------------------------------------------------------------

        async function reports(id) {
          await page("Reports", async (root) => {
            const list = await rpc("reports.list");
            root.append(h("ul", { class: "items" }, ...list.map((r) => h("li", {}, h("a", { href: "#reports/" + encodeURIComponent(r.id) }, r.title), h("span", { class: "meta" }, " " + r.description)))));
            if (id) {
              const report = list.find((r) => r.id === id);
              root.append(h("h2", {}, report ? report.title : id),
                h("iframe", { class: "report", title: report ? report.title : id, src: "/report/" + encodeURIComponent(id), sandbox: "" }));
            }
          });
        }

        // ---- Routing and live updates ------------------------------------------------------------

        const pages = { today, journal, network, schedule, assess, plan, reports };

        function route() {
          const [name, arg] = (location.hash.slice(1) || "today").split("/");
          for (const link of document.querySelectorAll("nav a")) {
            if (link.getAttribute("href") === "#" + name) link.setAttribute("aria-current", "page");
            else link.removeAttribute("aria-current");
          }
          (pages[name] || today)(arg && decodeURIComponent(arg));
        }

        window.addEventListener("hashchange", () => { say(""); route(); });

        // Changes made anywhere (another window, the command line) show up here.
        const events = new EventSource("/events");
        // Never under the person's hands: not while they type in a form, nor for this page's own writes.
        main.addEventListener("input", (event) => { const form = event.target.closest("form"); if (form) form.dataset.dirty = "1"; });
        events.addEventListener("changed", (event) => {
          if (JSON.parse(event.data).tab === tab) return;  // this page's own change, already shown
          if (main.querySelector("[data-pinned]")) return;
          if (startedOnAForm()) return;
          inBackground = true;  // read by page() before its first await
          try { route(); } finally { inBackground = false; }
        });

        // A risk answer recorded anywhere this page's answers did not show (a plugin, another
        // window's request that asked for no answer): who to reach, at once, on any page.
        events.addEventListener("crisis", (event) => {
          const message = JSON.parse(event.data);
          const alert = crisisSection(message.params.crisis, "Please reach someone now");
          alert.dataset.pinned = "1";
          if (message.params.result && message.params.result.risk) alert.insertBefore(h("p", {}, message.params.result.risk), alert.children[1]);
          main.insertBefore(alert, main.children[1] || null);
          const first = alert.querySelector("a");
          (first || alert).focus();
        });

        route();

        """#
}
