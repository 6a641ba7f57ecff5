// SPDX-License-Identifier: GPL-3.0-or-later
// The libsndfile seam: the only file that includes <sndfile.h>. Encoding goes straight into
// a temporary sibling of the output (sf_open_fd on a file created with O_EXCL; libsndfile
// seeks back to patch WAV headers and FLAC's STREAMINFO, so the sink must be a real file),
// which is fsynced and renamed into place when complete, as core::AtomicFile does. Nothing is
// held in memory but libsndfile's own buffers: encoding used to go to a growable string first,
// and with the samples themselves that meant touching three times the file's size in fresh
// pages, which dominated the time of `synth gendyn` on a VM with costly page faults.
//
// Reproducible bytes: libsndfile picks the Ogg stream serial number from the clock (rewritten
// from the content, detail/ogg_serial.cpp) and stamps float WAVs' PEAK chunk with the time
// (the chunk is not written).
#include <fcntl.h>
#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "stochos/audio/audio_file.h"
#include "stochos/audio/detail/ogg_serial.h"
#include "stochos/core/error.h"
#include "stochos/core/file_io.h"

namespace stochos::audio {
namespace {

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

struct AudioFileWriter::Impl {
  std::filesystem::path path, temp_path;
  AudioContainer container = AudioContainer::kWav;
  int channels = 1;
  int fd = -1;
  SNDFILE* file = nullptr;
  std::size_t frames = 0;
  bool finished = false;
  // libsndfile always gets blocks of kBlockFrames (the last one shorter): the Ogg pages it
  // cuts depend on how the samples arrive, and the bytes must not depend on the caller's blocks.
  static constexpr std::size_t kBlockFrames = 4096;
  std::vector<float> pending;

  void encode(const float* data, std::size_t n_frames) {
    const auto n = static_cast<sf_count_t>(n_frames);
    if (sf_writef_float(file, data, n) != n) fail(std::string("encoding failed: ") + sf_strerror(file));
  }

  // Here rather than in ~AudioFileWriter, so that a constructor that throws cleans up too.
  ~Impl() {
    if (file != nullptr) sf_close(file);
    if (fd >= 0) ::close(fd);
    if (!finished && !temp_path.empty()) ::unlink(temp_path.c_str());
  }
  [[noreturn]] void fail(const std::string& message) const { throw Error::io(path.string(), message); }
  std::string errno_text() const { return std::strerror(errno); }
};

AudioFileWriter::AudioFileWriter(const std::filesystem::path& path, int sample_rate_hz, int channels,
                                 const AudioWriteOptions& options)
    : impl_(std::make_unique<Impl>()) {
  Impl& w = *impl_;
  w.path = path;
  w.container = container_for_path(path);
  if (channels < 1 || channels > 8) throw Error::usage("audio must have 1 to 8 channels");
  check_sample_rate(sample_rate_hz);
  w.channels = channels;
  SF_INFO info{};
  info.samplerate = sample_rate_hz;
  info.channels = channels;
  info.format = format_code(w.container, options.sample_format);
  if (path.has_parent_path() && !std::filesystem::exists(path.parent_path())) {
    w.fail("directory " + path.parent_path().string() + " does not exist");
  }
  static std::atomic<unsigned> counter{0};
  w.temp_path = path.parent_path() / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
                                      std::to_string(counter.fetch_add(1)));
  w.fd = ::open(w.temp_path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (w.fd < 0) w.fail("cannot create temporary file: " + w.errno_text());
  w.file = sf_open_fd(w.fd, SFM_WRITE, &info, SF_FALSE);
  if (w.file == nullptr) w.fail(std::string("cannot start encoding: ") + sf_strerror(nullptr));
  // Clip rather than wrap around when float samples beyond full scale become integers.
  sf_command(w.file, SFC_SET_CLIPPING, nullptr, SF_TRUE);
  // Float WAVs would get a PEAK chunk stamped with the time of writing, which made two writes
  // of the same samples differ; readers do not need it.
  sf_command(w.file, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
  if (w.container == AudioContainer::kOgg) {
    double quality = std::clamp(options.vorbis_quality, 0.0, 1.0);
    sf_command(w.file, SFC_SET_VBR_ENCODING_QUALITY, &quality, sizeof(quality));
  }
  if (!options.title.empty()) sf_set_string(w.file, SF_STR_TITLE, options.title.c_str());
  if (!options.artist.empty()) sf_set_string(w.file, SF_STR_ARTIST, options.artist.c_str());
  if (!options.album.empty()) sf_set_string(w.file, SF_STR_ALBUM, options.album.c_str());
  if (!options.track_number.empty()) sf_set_string(w.file, SF_STR_TRACKNUMBER, options.track_number.c_str());
  if (!options.comment.empty()) sf_set_string(w.file, SF_STR_COMMENT, options.comment.c_str());
}

AudioFileWriter::~AudioFileWriter() = default;

void AudioFileWriter::write(std::span<const float> interleaved) {
  Impl& w = *impl_;
  if (w.file == nullptr) throw Error::usage("audio file writer used after finish()");
  if (interleaved.size() % static_cast<std::size_t>(w.channels) != 0) {
    throw Error::usage("audio blocks must hold whole frames of " + std::to_string(w.channels) + " channels");
  }
  const auto channels = static_cast<std::size_t>(w.channels);
  const std::size_t block = Impl::kBlockFrames * channels;
  w.frames += interleaved.size() / channels;
  if (!w.pending.empty()) {
    const std::size_t take = std::min(block - w.pending.size(), interleaved.size());
    w.pending.insert(w.pending.end(), interleaved.begin(), interleaved.begin() + static_cast<std::ptrdiff_t>(take));
    interleaved = interleaved.subspan(take);
    if (w.pending.size() < block) return;
    w.encode(w.pending.data(), Impl::kBlockFrames);
    w.pending.clear();
  }
  while (interleaved.size() >= block) {
    w.encode(interleaved.data(), Impl::kBlockFrames);
    interleaved = interleaved.subspan(block);
  }
  w.pending.assign(interleaved.begin(), interleaved.end());
}

std::size_t AudioFileWriter::frames_written() const { return impl_->frames; }

void AudioFileWriter::finish() {
  Impl& w = *impl_;
  if (w.finished) return;
  if (w.frames == 0) throw Error::usage("refusing to write an empty audio file: " + w.path.string());
  if (!w.pending.empty()) w.encode(w.pending.data(), w.pending.size() / static_cast<std::size_t>(w.channels));
  w.pending.clear();
  const std::string reason = sf_strerror(w.file);
  const int close_status = sf_close(w.file);
  w.file = nullptr;
  if (close_status != 0) w.fail("encoding failed: " + reason);
  if (w.container == AudioContainer::kOgg) {
    // The stream serial is rewritten in place (detail/ogg_serial.cpp): same size, new bytes.
    const off_t size = ::lseek(w.fd, 0, SEEK_END);
    if (size < 0) w.fail("cannot measure the encoded file: " + w.errno_text());
    std::string bytes(static_cast<std::size_t>(size), '\0');
    for (std::size_t done = 0; done < bytes.size();) {
      const ssize_t n = ::pread(w.fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
      if (n <= 0) {
        if (n < 0 && errno == EINTR) continue;
        w.fail("cannot read the encoded file back: " + w.errno_text());
      }
      done += static_cast<std::size_t>(n);
    }
    detail::make_ogg_serial_reproducible(bytes);
    for (std::size_t done = 0; done < bytes.size();) {
      const ssize_t n = ::pwrite(w.fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
      if (n < 0) {
        if (errno == EINTR) continue;
        w.fail("write failed: " + w.errno_text());
      }
      done += static_cast<std::size_t>(n);
    }
  }
  if (::fsync(w.fd) != 0) w.fail("fsync failed: " + w.errno_text());
  const int fd = w.fd;
  w.fd = -1;
  if (::close(fd) != 0) w.fail("close failed: " + w.errno_text());
  if (::rename(w.temp_path.c_str(), w.path.c_str()) != 0) {
    w.fail("cannot rename temporary into place: " + w.errno_text());
  }
  w.finished = true;
}

void write_audio_file(const std::filesystem::path& path, const AudioBuffer& audio, const AudioWriteOptions& options) {
  container_for_path(path);
  if (audio.channels < 1 || audio.channels > 8) throw Error::usage("audio must have 1 to 8 channels");
  if (audio.frames() == 0) throw Error::usage("refusing to write an empty audio file: " + path.string());
  AudioFileWriter writer(path, audio.sample_rate_hz, audio.channels, options);
  writer.write(std::span<const float>(audio.samples.data(), audio.frames() * static_cast<std::size_t>(audio.channels)));
  writer.finish();
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
