/* The offline guide page (/<lang>/guide/offline/): loads the edition's JSON, reads the answers and event
 * times from the page's address, resolves them with GuideResolver (guide-resolver.js) and shows the
 * question, the path, the deadlines and the handover note. Answers move between pages only through the
 * address (history.pushState): nothing about a child is written to localStorage, IndexedDB or cookies. */
(function () {
  "use strict";

  var root = document.getElementById("offline-guide");
  if (!root || typeof GuideResolver === "undefined") return;
  var R = GuideResolver;
  var doc = null;

  function $(selector) {
    return root.querySelector(selector);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function show(node, visible) {
    node.classList.toggle("d-none", !visible);
  }

  function stepUrl(slug) {
    return root.dataset.stepUrl.replace("step-slug", encodeURIComponent(slug));
  }

  function guideLink(query, text, className) {
    var link = el("a", className, text);
    link.href = "?" + query;
    link.dataset.guideLink = "";
    return link;
  }

  function stepItem(item, state, withChange) {
    var li = el("li", "path-step step-" + item.step.kind);
    var overdue = item.applicable.some(function (rule) {
      return rule.due && rule.due.overdue;
    });
    if (overdue) li.classList.add("is-overdue");
    if (item.own.length) li.classList.add("is-own");
    var head = el("div", "d-flex flex-wrap gap-2 align-items-baseline");
    var title = el("a", "fw-semibold", item.step.number + " " + item.step.title);
    title.href = stepUrl(item.slug);
    head.appendChild(title);
    if (item.step.kind === "outcome") head.appendChild(el("span", "badge kind-outcome", item.step.kind_label));
    li.appendChild(head);
    if (item.answer) {
      var answer = el("div", "small answer", doc.texts.answer + " ");
      answer.appendChild(el("strong", "", item.answer.option.label));
      if (withChange) {
        var change = guideLink(item.changeQuery, doc.texts.change, "ms-2 change-link");
        change.appendChild(el("span", "visually-hidden", ": " + (item.step.question || item.step.title)));
        answer.appendChild(document.createTextNode(" "));
        answer.appendChild(change);
      }
      li.appendChild(answer);
    }
    var facts = el("div", "small step-facts");
    item.step.responsibilities.forEach(function (r) {
      if (r.role === "leads") facts.appendChild(el("span", "lead-institution", doc.institutions[r.institution].short));
    });
    item.applicable.forEach(function (rule) {
      var overdueRule = rule.due && rule.due.overdue;
      facts.appendChild(el("span", "due" + (overdueRule ? " overdue" : ""), R.ruleText(doc, rule)));
    });
    item.references.slice(0, 3).forEach(function (slug) {
      facts.appendChild(el("span", "legal", doc.legal_references[slug].label));
    });
    li.appendChild(facts);
    return li;
  }

  function fill(list, items, state, withChange) {
    list.replaceChildren.apply(
      list,
      items.map(function (item) {
        return stepItem(item, state, withChange);
      })
    );
  }

  function renderQuestion(state) {
    var card = $(".question-card");
    var pending = state.path.pending;
    show(card, !!pending);
    if (!pending) return;
    var step = doc.steps[pending];
    var stage = doc.stages.filter(function (s) {
      return s.slug === step.stage;
    })[0];
    $(".question-context").textContent = step.number + " · " + (stage ? stage.title : "");
    $("#offline-question").textContent = step.question || step.title;
    var options = $(".options");
    options.replaceChildren();
    state.optionLinks.forEach(function (link) {
      var li = el("li", "mb-2");
      li.appendChild(guideLink(link.query, link.option.label, "btn btn-primary btn-lg w-100 text-start option-button"));
      if (link.option.help) li.appendChild(el("p", "small text-body-secondary mt-1 mb-0", link.option.help));
      options.appendChild(li);
    });
    var notKnown = el("li", "mb-2");
    notKnown.appendChild(
      guideLink(state.notKnownLink, doc.texts.not_known_option, "btn btn-outline-secondary btn-lg w-100 text-start option-button not-known")
    );
    notKnown.appendChild(el("p", "small text-body-secondary mt-1 mb-0", doc.texts.question_help));
    options.appendChild(notKnown);
    var why = $(".why-we-ask-box");
    show(why, !!step.why_we_ask_html);
    // Markdown rendered and sanitised by the server (nh3) when the edition was published.
    $(".why-we-ask").innerHTML = step.why_we_ask_html || "";
    $(".more-link").href = stepUrl(pending);
  }

  function renderForks(state) {
    var section = $(".open-forks");
    var forks = state.path.open ? state.forks : [];
    show(section, forks.length > 0);
    var box = $(".forks");
    box.replaceChildren();
    forks.forEach(function (fork) {
      var decision = doc.steps[fork.decision];
      var p = el("p", "mb-1");
      p.appendChild(el("strong", "", decision.number + " " + (decision.question || decision.title)));
      p.appendChild(document.createTextNode(" — " + doc.texts.not_known_yet));
      box.appendChild(p);
      var list = el("ul", "small mb-2");
      fork.branches.forEach(function (branch) {
        var target = doc.steps[branch.option.target];
        var li = el("li", "", R.format(doc.texts.if_answer, { answer: branch.option.label }) + " " + target.number + " " + target.title + " ");
        li.appendChild(guideLink(branch.query, doc.texts.this_is_now_known, "no-print"));
        list.appendChild(li);
      });
      box.appendChild(list);
    });
  }

  function renderTimes(state) {
    var box = $(".time-fields");
    box.replaceChildren();
    var values = {};
    state.timeValues.forEach(function (pair) {
      values[pair[0]] = pair[1];
    });
    doc.events.forEach(function (event) {
      var wrap = el("div", "mb-2");
      var id = "offline-time-" + event.parameter;
      var label = el("label", "form-label small mb-0", event.label);
      label.htmlFor = id;
      var input = el("input", "form-control form-control-sm");
      input.type = "datetime-local";
      input.id = id;
      input.name = event.parameter;
      input.value = values[event.parameter] || "";
      wrap.appendChild(label);
      wrap.appendChild(input);
      box.appendChild(wrap);
    });
  }

  /* Which legal regime the deadlines follow, and why (cases/includes/_regimes.html). */
  function renderRegimes(state) {
    var box = $(".validity-note");
    box.replaceChildren();
    show(box, state.regimeMatters);
    if (!state.regimeMatters) return;
    Object.keys(state.regimes).forEach(function (topic) {
      var choice = state.regimes[topic];
      var p = el("p", "mb-1");
      p.appendChild(el("strong", "", choice.regime.title));
      var words = doc.texts;
      var text;
      if (choice.basis === "date") {
        text = R.format(words.regime_date, { period: choice.regime.period });
      } else if (choice.basis === "identified") {
        text = words.regime_identified;
      } else {
        text = [words.regime_today]
          .concat(
            choice.alternatives.map(function (other) {
              return R.format(words.regime_instead, { regime: other.title, period: other.period });
            })
          )
          .concat([words.regime_enter])
          .join(" ");
      }
      p.appendChild(document.createTextNode(" — " + text));
      box.appendChild(p);
    });
  }

  function renderHandover(state) {
    var box = $(".handover-text");
    box.replaceChildren();
    var list = null;
    R.handoverText(state)
      .split("\n")
      .forEach(function (line, index) {
        if (index === 0) return; // the note's title is the section's heading
        if (line.indexOf("## ") === 0) {
          list = null;
          box.appendChild(el("h3", "h6 mt-3 mb-1", line.slice(3)));
        } else if (line.indexOf("- ") === 0 || line.indexOf("  - ") === 0) {
          if (!list) {
            list = el("ul", "small mb-1");
            box.appendChild(list);
          }
          list.appendChild(el("li", line.indexOf("  - ") === 0 ? "ms-3" : "", line.replace(/^ *- /, "")));
        } else if (line) {
          list = null;
          box.appendChild(el("p", "small mb-1", line));
        }
      });
  }

  function render() {
    var state = R.resolve(doc, window.location.search, Date.now());
    show($(".offline-messages"), state.messages > 0 || !!state.answeredIn);
    show($(".offline-messages .unread"), state.messages > 0);
    var otherEdition = $(".offline-messages .other-edition");
    show(otherEdition, !!state.answeredIn);
    otherEdition.textContent = state.answeredIn
      ? R.format(doc.texts.other_edition, { old: state.answeredIn, new: doc.edition.number })
      : "";
    var bar = $("progress");
    bar.value = state.progress;
    bar.textContent = state.progress + "%";
    renderQuestion(state);
    var result = $(".result-card");
    show(result, !!state.path.outcome);
    if (state.path.outcome) $(".result-text").textContent = doc.texts.complete + " " + doc.steps[state.path.outcome].title;
    renderForks(state);
    var nowCard = $(".now-card");
    show(nowCard, state.nowSteps.length > 0);
    $("#offline-now").textContent = state.path.outcome ? doc.texts.last_steps : doc.texts.now;
    fill($(".now-steps"), state.nowSteps, state, false);
    fill($(".done-steps"), state.done, state, true);
    show($(".none-done"), state.done.length === 0);
    renderTimes(state);
    renderRegimes(state);
    $(".start-again").href = "?" + (state.own ? "inst=" + encodeURIComponent(state.own) : "");
    renderHandover(state);
    root.dataset.state = state.query;
  }

  function go(query) {
    window.history.pushState(null, "", window.location.pathname + (query ? "?" + query : ""));
    render();
    window.scrollTo(0, 0);
  }

  root.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-guide-link], a.start-again");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    go(link.getAttribute("href").replace(/^\?/, ""));
  });

  $(".times-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var state = R.resolve(doc, window.location.search, Date.now());
    var pairs = state.path.pairs.map(function (pair) {
      return "a=" + encodeURIComponent(pair[0] + ":" + pair[1]);
    });
    root.querySelectorAll(".time-fields input").forEach(function (input) {
      if (input.value) pairs.push(encodeURIComponent(input.name) + "=" + encodeURIComponent(input.value.slice(0, 16)));
    });
    if (state.own) pairs.push("inst=" + encodeURIComponent(state.own));
    pairs.push("e=" + doc.edition.number);
    go(pairs.join("&"));
  });

  window.addEventListener("popstate", function () {
    if (doc) render();
  });

  fetch(root.dataset.document, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(function (json) {
      doc = json;
      render();
      $(".offline-status").textContent = "";
      show($(".offline-ready"), true);
    })
    .catch(function () {
      $(".offline-status").textContent = "";
      show($(".offline-failed"), true);
    });
})();
