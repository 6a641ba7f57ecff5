// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Album covers drawn from the album's own music: every track is a ring of a disc, every note
/// an arc in its ring (angle: when it sounds, as a fraction of the track; radius: its pitch
/// within the track's range; colour: the track; opacity: its velocity), so the cover of
/// another seed is another picture. Rendered with cairo to PNG. Thread-safe.
#include <filesystem>
#include <string>
#include <vector>

#include "stochos/proto/music.pb.h"

namespace stochos::plot {

struct AlbumCoverOptions {
  int size_px = 1200;     ///< the cover is square
  std::string title;      ///< drawn across the bottom when set
  std::string subtitle;   ///< drawn under the title when set
};

/// The PNG bytes of the cover for `tracks`, innermost ring first. Tracks without notes leave a
/// faint empty ring. Throws Error(kUsage) for no tracks or an impossible size.
std::string render_album_cover_png(const std::vector<magenta::NoteSequence>& tracks,
                                   const AlbumCoverOptions& options = {});

/// Renders and writes the PNG atomically. Throws as above, or Error(kIo).
void write_album_cover_png(const std::vector<magenta::NoteSequence>& tracks, const std::filesystem::path& path,
                           const AlbumCoverOptions& options = {});

}  // namespace stochos::plot
