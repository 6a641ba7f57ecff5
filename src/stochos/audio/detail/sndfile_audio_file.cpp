// SPDX-License-Identifier: GPL-3.0-or-later
// The libsndfile seam: the only file that includes <sndfile.h>. Encoding goes through
// libsndfile's virtual I/O into memory (a seekable growable buffer, since WAV headers are
// patched at close), and the finished bytes through core::write_file_atomically.
//
// Note on Ogg: libsndfile picks the Ogg stream serial number from the clock, so two Ogg
// encodings of the same samples differ in those bytes; WAV and FLAC are byte-reproducible.
#include <sndfile.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>
#include <vector>

#include "stochos/audio/audio_file.h"
#include "stochos/core/error.h"
#include "stochos/core/file_io.h"

namespace stochos::audio {
namespace {

struct MemoryFile {
  std::string bytes;
  sf_count_t position = 0;
};

sf_count_t mem_length(void* user) { return static_cast<sf_count_t>(static_cast<MemoryFile*>(user)->bytes.size()); }

sf_count_t mem_seek(sf_count_t offset, int whence, void* user) {
  auto* m = static_cast<MemoryFile*>(user);
  sf_count_t base = 0;
  if (whence == SEEK_CUR) base = m->position;
  if (whence == SEEK_END) base = static_cast<sf_count_t>(m->bytes.size());
  const sf_count_t target = base + offset;
  if (target < 0) return -1;
  m->position = target;
  return m->position;
}

sf_count_t mem_read(void* ptr, sf_count_t count, void* user) {
  auto* m = static_cast<MemoryFile*>(user);
  const sf_count_t size = static_cast<sf_count_t>(m->bytes.size());
  const sf_count_t n = std::max<sf_count_t>(0, std::min(count, size - m->position));
  if (n > 0) std::memcpy(ptr, m->bytes.data() + m->position, static_cast<std::size_t>(n));
  m->position += n;
  return n;
}

sf_count_t mem_write(const void* ptr, sf_count_t count, void* user) {
  auto* m = static_cast<MemoryFile*>(user);
  const auto end = static_cast<std::size_t>(m->position + count);
  if (end > m->bytes.size()) m->bytes.resize(end);
  std::memcpy(m->bytes.data() + m->position, ptr, static_cast<std::size_t>(count));
  m->position += count;
  return count;
}

sf_count_t mem_tell(void* user) { return static_cast<MemoryFile*>(user)->position; }

std::string lower_extension(const std::filesystem::path& path) { return core::lowercase_extension(path); }

int format_code(AudioContainer container, SampleFormat sample_format) {
  const int subtype = sample_format == SampleFormat::kPcm24 ? SF_FORMAT_PCM_24
                      : sample_format == SampleFormat::kFloat ? SF_FORMAT_FLOAT
                                                             : SF_FORMAT_PCM_16;
  switch (container) {
    case AudioContainer::kWav:
      return SF_FORMAT_WAV | subtype;
    case AudioContainer::kFlac:
      if (sample_format == SampleFormat::kFloat) {
        throw Error::usage("FLAC holds integer samples only; choose 16- or 24-bit PCM");
      }
      return SF_FORMAT_FLAC | subtype;
    case AudioContainer::kOgg:
      return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
  }
  throw Error::internal("unknown audio container");
}

}  // namespace

AudioContainer container_for_path(const std::filesystem::path& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".wav") return AudioContainer::kWav;
  if (ext == ".flac") return AudioContainer::kFlac;
  if (ext == ".ogg" || ext == ".oga") return AudioContainer::kOgg;
  throw Error::unsupported(path.string(), "unsupported audio file extension '" + ext +
                                              "'; stochos writes .wav, .flac and .ogg")
      .with_code("audio_format");
}

void write_audio_file(const std::filesystem::path& path, const AudioBuffer& audio, const AudioWriteOptions& options) {
  const AudioContainer container = container_for_path(path);
  if (audio.channels < 1 || audio.channels > 8) throw Error::usage("audio must have 1 to 8 channels");
  check_sample_rate(audio.sample_rate_hz);
  if (audio.frames() == 0) throw Error::usage("refusing to write an empty audio file: " + path.string());

  SF_INFO info{};
  info.samplerate = audio.sample_rate_hz;
  info.channels = audio.channels;
  info.format = format_code(container, options.sample_format);
  MemoryFile memory;
  SF_VIRTUAL_IO io{mem_length, mem_seek, mem_read, mem_write, mem_tell};
  SNDFILE* file = sf_open_virtual(&io, SFM_WRITE, &info, &memory);
  if (file == nullptr) {
    throw Error::io(path.string(), std::string("cannot start encoding: ") + sf_strerror(nullptr));
  }
  // Clip rather than wrap around when float samples beyond full scale become integers.
  sf_command(file, SFC_SET_CLIPPING, nullptr, SF_TRUE);
  if (container == AudioContainer::kOgg) {
    double quality = std::clamp(options.vorbis_quality, 0.0, 1.0);
    sf_command(file, SFC_SET_VBR_ENCODING_QUALITY, &quality, sizeof(quality));
  }
  if (!options.title.empty()) sf_set_string(file, SF_STR_TITLE, options.title.c_str());
  if (!options.artist.empty()) sf_set_string(file, SF_STR_ARTIST, options.artist.c_str());
  const auto frames = static_cast<sf_count_t>(audio.frames());
  const sf_count_t written = sf_writef_float(file, audio.samples.data(), frames);
  const std::string reason = sf_strerror(file);
  const int close_status = sf_close(file);
  if (written != frames || close_status != 0) {
    throw Error::io(path.string(), "encoding failed: " + reason);
  }
  core::write_file_atomically(path, memory.bytes);
}

AudioBuffer read_audio_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error::io(path.string(), "no such audio file");
  }
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  if (file == nullptr) {
    throw Error::input(path.string(), {}, std::string("not a readable audio file: ") + sf_strerror(nullptr))
        .with_code("audio_format");
  }
  AudioBuffer audio;
  audio.sample_rate_hz = info.samplerate;
  audio.channels = info.channels;
  if (info.channels < 1 || info.samplerate < 1 || info.frames < 0 ||
      info.frames > static_cast<sf_count_t>(1) << 34) {
    sf_close(file);
    throw Error::input(path.string(), {}, "implausible audio header (channels, rate or length)")
        .with_code("audio_format");
  }
  audio.samples.resize(static_cast<std::size_t>(info.frames) * static_cast<std::size_t>(info.channels));
  const sf_count_t got = sf_readf_float(file, audio.samples.data(), info.frames);
  const int error = sf_error(file);
  const std::string reason = sf_strerror(file);
  sf_close(file);
  if (error != SF_ERR_NO_ERROR || got < 0) {
    throw Error::input(path.string(), {}, "cannot decode audio: " + reason).with_code("audio_format");
  }
  // A truncated file reports more frames in its header than it holds: keep what decoded.
  audio.samples.resize(static_cast<std::size_t>(got) * static_cast<std::size_t>(info.channels));
  if (audio.samples.empty()) {
    throw Error::input(path.string(), {}, "the audio file holds no samples").with_code("audio_format");
  }
  return audio;
}

}  // namespace stochos::audio
