// The theme's _static/scripts/bootstrap.js with only the Bootstrap components
// its pages use: Dropdown (data-bs-toggle="dropdown": the colour mode and
// download menus) and Tooltip (data-bs-toggle="tooltip"; the theme's own
// script calls bootstrap.Tooltip). The theme's file bundles every component
// (carousel, modal, offcanvas, popover, scrollspy, tab, toast, ...): 81 KB on
// every page. docs/_ext/purge_css.py bundles this file with esbuild (from
// package.json's pinned bootstrap, the version the theme bundles, and
// @popperjs/core) into the site's copy of that script, once per build.
//
// Below the imports: pydata-sphinx-theme 0.20.0's
// src/pydata_sphinx_theme/assets/scripts/bootstrap.js (BSD 3-Clause,
// Copyright (c) 2018, PyData developers), unchanged but for `bootstrap`.
import Dropdown from "bootstrap/js/src/dropdown.js";
import Tooltip from "bootstrap/js/src/tooltip.js";

const bootstrap = { Dropdown, Tooltip };

function documentReady(callback) {
  if (document.readyState != "loading") callback();
  else document.addEventListener("DOMContentLoaded", callback);
}

function TriggerTooltip() {
  var tooltipTriggerList = [].slice.call(
    document.querySelectorAll('[data-bs-toggle="tooltip"]'),
  );
  tooltipTriggerList.map(function (tooltipTriggerEl) {
    return new bootstrap.Tooltip(tooltipTriggerEl, {
      delay: { show: 500, hide: 100 },
    });
  });
}

function setupThemeSwitchDropdownTooltip() {
  const themeSwitchContainer = document.querySelector(
    ".theme-switch-container",
  );
  if (!themeSwitchContainer) return;

  const themeSwitchTooltip =
    bootstrap.Tooltip.getInstance(themeSwitchContainer);
  if (!themeSwitchTooltip) return;

  themeSwitchContainer.addEventListener("show.bs.dropdown", () => {
    themeSwitchTooltip.hide();
    themeSwitchTooltip.disable();
  });

  themeSwitchContainer.addEventListener("hide.bs.dropdown", () => {
    themeSwitchTooltip.enable();
  });
}

function backToTop() {
  var btn = document.getElementById("pst-back-to-top");
  // Config allows button to be disabled, so check it exists
  if (btn) {
    btn.addEventListener("click", function () {
      document.body.scrollTop = 0;
      document.documentElement.scrollTop = 0;
    });
  }
}

function showBackToTop() {
  var btn = document.getElementById("pst-back-to-top");
  if (!btn) return;
  var header = document
    .getElementsByClassName("bd-header")[0]
    .getBoundingClientRect();
  window.addEventListener("scroll", function () {
    if (this.oldScroll > this.scrollY && this.scrollY > header.bottom) {
      btn.style.display = "block";
    } else {
      btn.style.display = "none";
    }
    this.oldScroll = this.scrollY;
  });
}

documentReady(TriggerTooltip);
documentReady(setupThemeSwitchDropdownTooltip);
documentReady(backToTop);
documentReady(showBackToTop);

window.bootstrap = bootstrap;
