// SPDX-License-Identifier: GPL-3.0-or-later
// A run directory's `checkpoint` state file is input like any other (issue 23): one naming
// an absolute or `../` path must not make generate or resume read outside the directory.
#include <gtest/gtest.h>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/testing/shared.h"
#include "stochos/tfio/checkpoint.h"

namespace stochos::tfio {
namespace {

namespace fs = std::filesystem;

Checkpoint one_tensor(float value) {
  Checkpoint c;
  c.tensors["w"] = {DataType::kFloat, {1}, {value}, {}, {}, {}};
  return c;
}

void write_state(const fs::path& dir, const std::string& model_checkpoint_path) {
  core::write_file_atomically(dir / "checkpoint",
                              "model_checkpoint_path: \"" + model_checkpoint_path + "\"\n");
}

class CheckpointState : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(run_);
    fs::create_directories(outside_);
    write_checkpoint_v2(run_ / "model.ckpt-5", one_tensor(5));
    write_checkpoint_v2(outside_ / "model.ckpt-9", one_tensor(9));
  }
  testing::TempDir tmp_;
  fs::path run_ = tmp_ / "run/train";
  fs::path outside_ = tmp_ / "elsewhere";
};

TEST_F(CheckpointState, RelativeDotDotPathOutsideTheFolderIsRefusedNamingTheStateFile) {
  write_state(run_, "../../elsewhere/model.ckpt-9");
  try {
    (void)read_checkpoint(run_);
    FAIL() << "read a checkpoint outside the run dir";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_EQ(e.path(), (run_ / "checkpoint").string());
    EXPECT_NE(e.message().find("'../../elsewhere/model.ckpt-9', outside"), std::string::npos) << e.what();
  }
}

TEST_F(CheckpointState, AbsolutePathOutsideTheFolderReadsTheSameNameInside) {
  // A run dir trained elsewhere keeps absolute paths; one pointing at an existing
  // checkpoint outside must still not be read: the name in the folder is.
  fs::copy_file(run_ / "model.ckpt-5.index", run_ / "model.ckpt-9.index");
  fs::copy_file(run_ / "model.ckpt-5.data-00000-of-00001", run_ / "model.ckpt-9.data-00000-of-00001");
  write_state(run_, fs::absolute(outside_ / "model.ckpt-9").string());
  EXPECT_EQ(latest_checkpoint(run_), run_ / "model.ckpt-9");
  EXPECT_EQ(read_checkpoint(run_).tensors.at("w").floats, std::vector<float>{5});
  write_state(run_, "/etc/passwd");
  EXPECT_THROW((void)latest_checkpoint(run_), Error);
  write_state(run_, "..");
  EXPECT_THROW((void)latest_checkpoint(run_), Error);
}

TEST_F(CheckpointState, PathsInsideTheFolderResolveAsBefore) {
  write_state(run_, "model.ckpt-5");
  EXPECT_EQ(latest_checkpoint(run_), run_ / "model.ckpt-5");
  write_state(run_, "./sub/../model.ckpt-5");
  EXPECT_EQ(latest_checkpoint(run_), run_ / "model.ckpt-5");
}

}  // namespace
}  // namespace stochos::tfio
