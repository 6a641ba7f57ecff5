// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The album's web page and cue sheet (album.cpp gathers the facts, these write the text).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::mixtape::detail {

struct PageTrack {
  int number = 0;
  std::string title, technique, liner_notes, command, notes_caption;
  std::string stem;          ///< the track's folder in the album and its files' common name, e.g. "03-mozart-chain"
  std::string format;        ///< extension of the main audio file
  double seconds = 0;
  double mix_start_seconds = 0;
};

struct PageAlbum {
  std::string title, subtitle, command, credits_html;
  std::uint64_t seed = 0;
  std::string mix_ogg, mix_main;  ///< file names in the album folder
  double mix_seconds = 0;
  double loudness_lufs = 0;
  std::vector<PageTrack> tracks;
};

/// index.html: self-contained (inline style, no script, no external request); every media
/// file is a relative link, so the page works opened from disk.
std::string album_page_html(const PageAlbum& album);

/// A cue sheet for `audio_file` with one TRACK per track, INDEX 01 at its start in the mix.
std::string cue_sheet(const PageAlbum& album, const std::string& audio_file);

std::string html_escape(std::string_view text);

}  // namespace stochos::mixtape::detail
