// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/mixtape/detail/page.h"

#include <cmath>
#include <cstdio>

namespace stochos::mixtape::detail {
namespace {

std::string clock(double seconds) {
  // Whole seconds, truncated as audio players show them.
  const long total = static_cast<long>(std::max(0.0, seconds));
  char text[32];
  std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  return text;
}

// The page's whole style: a dark album sleeve, one card per track, readable on a phone.
constexpr const char* kStyle = R"css(
:root { color-scheme: dark; --ink: #ecebe4; --dim: #a9a89f; --card: #171a22; --edge: #2a2f3b; --accent: #e7b75f; }
* { box-sizing: border-box; }
body { margin: 0; background: #0f1117; color: var(--ink); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
header { display: flex; flex-wrap: wrap; gap: 2rem; align-items: center; padding: 2rem; max-width: 1100px; margin: auto; }
header img { width: min(420px, 100%); height: auto; border-radius: 6px; box-shadow: 0 10px 40px #0008; }
header .intro { flex: 1 1 320px; }
h1 { font-size: 2.2rem; margin: 0 0 .3rem; }
h2 { margin: 0; font-size: 1.35rem; }
.dim { color: var(--dim); }
code, pre { font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
pre { background: #0b0d12; border: 1px solid var(--edge); border-radius: 4px; padding: .6rem .8rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
audio { width: 100%; margin: .6rem 0; }
main { max-width: 1100px; margin: auto; padding: 0 2rem 3rem; }
section.track { background: var(--card); border: 1px solid var(--edge); border-radius: 8px; padding: 1.2rem 1.4rem; margin: 1.4rem 0; }
section.track .head { display: flex; justify-content: space-between; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
.technique { color: var(--accent); font-size: .95rem; margin: .2rem 0 .4rem; }
.pictures { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; margin: .6rem 0; }
.pictures img { width: 100%; height: auto; background: #fff; border-radius: 3px; }
.pictures figure { margin: 0; }
figcaption { font-size: .8rem; color: var(--dim); }
.files a { color: var(--ink); margin-right: .9rem; font-size: .9rem; }
footer { max-width: 1100px; margin: auto; padding: 1rem 2rem 3rem; color: var(--dim); font-size: .85rem; }
footer a, .intro a { color: var(--accent); }
@media (max-width: 720px) { .pictures { grid-template-columns: 1fr; } header, main { padding: 1rem; } }
)css";

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string album_page_html(const PageAlbum& album) {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + html_escape(album.title) + "</title>\n";
  h += "<link rel=\"icon\" href=\"data:,\">\n";  // no favicon request when opened from disk
  h += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  h += "<header>\n<img src=\"cover.png\" alt=\"Album cover: every track a ring, every note an arc\" width=\"1200\" height=\"1200\">\n";
  h += "<div class=\"intro\">\n<h1>" + html_escape(album.title) + "</h1>\n";
  h += "<p class=\"dim\">" + html_escape(album.subtitle) + "</p>\n";
  h += "<p>" + std::to_string(album.tracks.size()) + " tracks, " + clock(album.mix_seconds) +
       ", composed, performed and mixed by stochos "
       "from seed " + std::to_string(album.seed) + ". Every note and every sound is drawn from that seed: "
       "run the command below with another seed and you get another album.</p>\n";
  h += "<audio controls preload=\"metadata\" src=\"" + html_escape(album.mix_ogg) + "\"></audio>\n";
  h += "<pre>" + html_escape(album.command) + "</pre>\n";
  h += "<p class=\"dim\">The whole album: <a href=\"" + html_escape(album.mix_main) + "\">" + html_escape(album.mix_main) +
       "</a> (loudness " + std::to_string(static_cast<int>(std::lround(album.loudness_lufs))) +
       " LUFS, EBU R128), <a href=\"mixtape.cue\">cue sheet</a>, <a href=\"album.json\">album.json</a>.</p>\n";
  h += "</div>\n</header>\n<main>\n";
  for (const PageTrack& t : album.tracks) {
    const std::string base = html_escape(t.stem + "/" + t.stem);
    char number[16];
    std::snprintf(number, sizeof number, "%02d", t.number);
    h += "<section class=\"track\" id=\"track-" + std::string(number) + "\">\n";
    h += "<div class=\"head\"><h2>" + std::string(number) + ". " + html_escape(t.title) + "</h2><span class=\"dim\">" +
         clock(t.seconds) + " &middot; at " + clock(t.mix_start_seconds) + " in the mix</span></div>\n";
    h += "<p class=\"technique\">" + html_escape(t.technique) + "</p>\n";
    h += "<audio controls preload=\"metadata\" src=\"" + base + ".ogg\"></audio>\n";
    h += "<p>" + html_escape(t.liner_notes) + "</p>\n";
    h += "<div class=\"pictures\">\n";
    h += "<figure><img src=\"" + base + "-piano-roll.png\" alt=\"Piano roll of " + html_escape(t.title) +
         "\" loading=\"lazy\"><figcaption>" +
         html_escape(t.notes_caption.empty() ? "piano roll" : "piano roll: " + t.notes_caption) + "</figcaption></figure>\n";
    h += "<figure><img src=\"" + base + "-waveform.png\" alt=\"Waveform of " + html_escape(t.title) +
         "\" loading=\"lazy\"><figcaption>waveform</figcaption></figure>\n";
    h += "</div>\n";
    h += "<pre>" + html_escape(t.command) + "</pre>\n";
    h += "<p class=\"files\">";
    h += "<a href=\"" + base + "." + html_escape(t.format) + "\">audio (" + html_escape(t.format) + ")</a>";
    h += "<a href=\"" + base + ".mid\">MIDI</a>";
    h += "<a href=\"" + base + ".ns\">NoteSequence</a>";
    h += "<a href=\"" + base + "-spectrogram.png\">spectrogram</a>";
    h += "<a href=\"" + base + ".json\">record (JSON)</a>";
    h += "</p>\n</section>\n";
  }
  h += "</main>\n<footer>\n" + album.credits_html + "\n</footer>\n</body>\n</html>\n";
  return h;
}

std::string cue_sheet(const PageAlbum& album, const std::string& audio_file) {
  auto quoted = [](std::string s) {
    for (char& c : s) if (c == '"') c = '\'';
    return "\"" + s + "\"";
  };
  std::string ext = audio_file.substr(audio_file.find_last_of('.') + 1);
  const std::string type = ext == "wav" ? "WAVE" : ext == "ogg" ? "OGG" : "FLAC";
  std::string cue;
  cue += "PERFORMER \"stochos\"\n";
  cue += "TITLE " + quoted(album.title) + "\n";
  cue += "FILE " + quoted(audio_file) + " " + type + "\n";
  for (const PageTrack& t : album.tracks) {
    char line[160];
    std::snprintf(line, sizeof line, "  TRACK %02d AUDIO\n", t.number);
    cue += line;
    cue += "    TITLE " + quoted(t.title) + "\n";
    cue += "    PERFORMER \"stochos\"\n";
    // INDEX is minutes:seconds:frames at 75 frames per second (the CD's sectors).
    const long frames = std::lround(t.mix_start_seconds * 75.0);
    std::snprintf(line, sizeof line, "    INDEX 01 %02ld:%02ld:%02ld\n", frames / (75 * 60), (frames / 75) % 60, frames % 75);
    cue += line;
  }
  return cue;
}

}  // namespace stochos::mixtape::detail
