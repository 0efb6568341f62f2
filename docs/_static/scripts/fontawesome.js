/* Replaces pydata-sphinx-theme's 1.6 MB _static/scripts/fontawesome.js (Font
   Awesome's SVG + JS build with every icon), which its templates load on
   every page. The theme's stylesheet already draws every Font Awesome icon
   from the web font it ships (_static/vendor/fontawesome/webfonts), also with
   JavaScript off, so this book needs no icon script. Sphinx copies the files
   of html_static_path after the theme's, so this file takes the theme's
   place; tests/site/test_icons.py fails if the theme stops loading it or an
   icon stops showing. */
