// SPDX-License-Identifier: GPL-3.0-or-later
// `stochos inspect` on checkpoints and bundles: output and exit codes of the built binary.
#include <gtest/gtest.h>

#include "stochos/core/file_io.h"
#include "stochos/testing/shared.h"
#include "stochos/tfio/checkpoint.h"
#include "stochos/tfio/generator_bundle.h"

namespace stochos::tfio {
namespace {

namespace fs = std::filesystem;
using testing::shell_quote;

const fs::path kRlTuner = testing::fixture("checkpoints/rl_tuner_note_rnn_v1/model.ckpt-1994");
const fs::path kSoma11 = testing::fixture("checkpoints/melody_rnn_soma11_v2/model.ckpt-1341");

testing::CommandResult inspect(const std::string& arguments) {
  return testing::run_command(shell_quote(testing::cli_path().string()) + " inspect " + arguments);
}

std::string slurp(const fs::path& p) {
  const auto bytes = core::read_file(p);
  return {bytes.begin(), bytes.end()};
}

TEST(InspectCheckpointCli, BundleShowsGeneratorGraphAndTensors) {
  testing::TempDir dir;
  write_generator_bundle(dir / "note_rnn.mag", {"basic_rnn", "Melody RNN with one-hot encoding.", "from RL Tuner",
                                                slurp(kRlTuner), slurp(kSoma11.string() + ".meta")});
  const auto r = inspect(shell_quote((dir / "note_rnn.mag").string()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Magenta generator bundle 'basic_rnn' (Melody RNN with one-hot encoding.)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("bundle: from RL Tuner"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("graph: tensorflow 1.2.1 (v1.2.0-5-g435cdfc), 2145 graph nodes"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("TensorFlow V1 checkpoint, 9 tensors"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("global_step 1994"), std::string::npos) << r.out;
}

TEST(InspectCheckpointCli, PrefixAndRunDirectoryShowTheMetaGraphBeside) {
  const auto r = inspect(shell_quote(kSoma11.string()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("model.ckpt-1341.meta: tensorflow 1.2.1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("TensorFlow V2 checkpoint, 45 tensors"), std::string::npos) << r.out;

  testing::TempDir dir;
  for (const char* suffix : {".index", ".data-00000-of-00001"}) {
    fs::copy_file(kSoma11.string() + suffix, dir.path() / (std::string("model.ckpt-1341") + suffix));
  }
  write_checkpoint_state(dir.path(), {"model.ckpt-1341", {"model.ckpt-1341"}});
  const auto d = inspect(shell_quote(dir.path().string()) + " --export-npz " + shell_quote((dir / "w.npz").string()));
  EXPECT_EQ(d.exit_code, 0) << d.err;
  EXPECT_NE(d.out.find("global_step 1341"), std::string::npos) << d.out;
  EXPECT_TRUE(fs::exists(dir / "w.npz"));
}

TEST(InspectCheckpointCli, DamagedCheckpointExitsThreeNamingTheFile) {
  testing::TempDir dir;
  std::string bytes = slurp(kRlTuner);
  bytes[5000] ^= 1;
  core::write_file_atomically(dir / "bad.ckpt", bytes);
  const auto r = inspect(shell_quote((dir / "bad.ckpt").string()));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find((dir / "bad.ckpt").string() + ": byte 0x"), std::string::npos) << r.err;  // the block
  EXPECT_NE(r.err.find(": damaged checkpoint table: block checksum mismatch"), std::string::npos) << r.err;
}

TEST(InspectCheckpointCli, NpzExportOfSeveralFilesIsAUsageError) {
  const auto r = inspect("--export-npz /tmp/never.npz " + shell_quote(kRlTuner.string()) + " " +
                         shell_quote(kSoma11.string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists("/tmp/never.npz"));
}

}  // namespace
}  // namespace stochos::tfio
