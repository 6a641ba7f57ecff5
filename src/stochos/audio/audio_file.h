// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Sound files through libsndfile (the only file that includes it is
/// detail/sndfile_audio_file.cpp). The container follows the extension: .wav (RIFF WAVE),
/// .flac, .ogg (Ogg Vorbis). Writes are atomic: the file is encoded into a temporary sibling
/// that is fsynced and renamed into place when complete, so a failure never leaves a
/// half-written file under the final name.
/// Encodings are byte-reproducible: the same samples and options give the same bytes in every
/// container (for Ogg, whose stream serial libsndfile draws from the clock, the serial is
/// rewritten from the content).
/// Functions are thread-safe (no shared state).
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "stochos/audio/audio_buffer.h"

namespace stochos::audio {

enum class AudioContainer { kWav, kFlac, kOgg };
enum class SampleFormat {
  kPcm16,  ///< 16-bit integer (WAV, FLAC); samples outside [-1, 1] are clipped, not wrapped
  kPcm24,  ///< 24-bit integer (WAV, FLAC)
  kFloat,  ///< 32-bit float (WAV only)
};

struct AudioWriteOptions {
  SampleFormat sample_format = SampleFormat::kPcm16;  ///< ignored for Ogg Vorbis (lossy)
  double vorbis_quality = 0.6;                         ///< 0..1, Ogg only
  std::string title;                                   ///< written as the file's title tag if set
  std::string artist;
  std::string album;
  std::string track_number;                            ///< e.g. "3" or "3/10"
  std::string comment;
};

/// The container for `path`'s extension (case-insensitive); throws Error(kUnsupported, code
/// "audio_format") naming the supported ones.
AudioContainer container_for_path(const std::filesystem::path& path);

/// Encodes `audio` and writes it to `path` atomically. Throws kUsage for an empty buffer or a
/// sample format the container cannot hold, kUnsupported for an unknown extension, kIo when
/// writing fails.
void write_audio_file(const std::filesystem::path& path, const AudioBuffer& audio,
                      const AudioWriteOptions& options = {});

/// Encodes sound block by block, for long syntheses that need not hold all their samples; the
/// file appears under `path` only when finish() completes (destroying the writer before that
/// deletes the temporary). The bytes equal write_audio_file()'s for the same samples, however
/// they are split into blocks. Throws as write_audio_file(); not thread-safe.
class AudioFileWriter {
 public:
  AudioFileWriter(const std::filesystem::path& path, int sample_rate_hz, int channels,
                  const AudioWriteOptions& options = {});
  ~AudioFileWriter();
  AudioFileWriter(const AudioFileWriter&) = delete;
  AudioFileWriter& operator=(const AudioFileWriter&) = delete;

  /// Appends whole interleaved frames.
  void write(std::span<const float> interleaved);
  std::size_t frames_written() const;
  /// Completes the file and renames it into place; kUsage if no frame was written.
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Decodes any file libsndfile reads (WAV, AIFF, FLAC, Ogg, ...) to float frames. A file
/// that is missing gives kIo; one that is malformed or of an unknown format gives kInput with
/// code "audio_format" and libsndfile's reason.
AudioBuffer read_audio_file(const std::filesystem::path& path);

}  // namespace stochos::audio
