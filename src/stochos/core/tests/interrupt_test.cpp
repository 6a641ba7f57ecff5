// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/core/interrupt.h"

#include <gtest/gtest.h>

#include <thread>

#include "stochos/core/error.h"
#include "stochos/core/progress.h"

namespace stochos::core {
namespace {

TEST(Interrupt, ProgressTickThrowsInterruptedOnceRequestedAndNotAfterClearing) {
  clear_interrupt();
  ProgressBar bar("job", 10, ProgressBar::Mode::kNever);
  bar.advance();
  request_interrupt();
  try {
    bar.advance();
    FAIL() << "advance() did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), kCodeInterrupted);
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
  }
  clear_interrupt();
  EXPECT_NO_THROW(bar.advance());
  EXPECT_EQ(bar.done(), 3u);
}

TEST(Interrupt, RequestFromAnotherThreadStopsALoop) {
  clear_interrupt();
  std::thread requester([] { request_interrupt(); });
  requester.join();
  EXPECT_TRUE(interrupt_requested());
  EXPECT_THROW(check_interrupt(), Error);
  clear_interrupt();
  EXPECT_NO_THROW(check_interrupt());
}

}  // namespace
}  // namespace stochos::core
