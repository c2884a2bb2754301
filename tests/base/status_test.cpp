#include "base/status.h"

#include <gtest/gtest.h>

namespace kiosk {
namespace {

struct ReactionCase {
  Status status;
  Reaction reaction;
};

class StatusReaction : public ::testing::TestWithParam<ReactionCase> {};

TEST_P(StatusReaction, EachCodeTellsTheCallerHowToReact) {
  EXPECT_EQ(GetParam().status.reaction(), GetParam().reaction) << GetParam().status.ToString();
}

INSTANTIATE_TEST_SUITE_P(
    AllCodes, StatusReaction,
    ::testing::Values(ReactionCase{OkStatus(), Reaction::kNone},
                      ReactionCase{CancelledError("x"), Reaction::kNone},
                      ReactionCase{UnavailableError("x"), Reaction::kRetryLater},
                      ReactionCase{DeadlineExceededError("x"), Reaction::kRetryLater},
                      ReactionCase{InvalidInputError("x"), Reaction::kAskCitizen},
                      ReactionCase{UnsupportedError("x"), Reaction::kAskCitizen},
                      ReactionCase{PermissionDeniedError("x"), Reaction::kCallStaff},
                      ReactionCase{FailedPreconditionError("x"), Reaction::kCallStaff},
                      ReactionCase{ResourceExhaustedError("x"), Reaction::kCallStaff},
                      ReactionCase{NotFoundError("x"), Reaction::kGiveUp},
                      ReactionCase{AlreadyExistsError("x"), Reaction::kGiveUp},
                      ReactionCase{DataLossError("x"), Reaction::kGiveUp},
                      ReactionCase{InternalError("x"), Reaction::kGiveUp}));

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(Status, WithContextKeepsTheCodeAndPrefixesTheMessage) {
  Status s = UnavailableError("connection refused").WithContext("sync");
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "sync: connection refused");
  EXPECT_EQ(s.ToString(), "Unavailable: sync: connection refused");
}

TEST(Status, WithContextOnOkStaysOk) { EXPECT_TRUE(OkStatus().WithContext("x").ok()); }

TEST(StatusOr, HoldsAValue) {
  StatusOr<int> v = 42;
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 42);
  EXPECT_TRUE(v.status().ok());
}

TEST(StatusOr, HoldsAnError) {
  StatusOr<std::string> v = NotFoundError("no such submission");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(v.value_or("fallback"), "fallback");
}

TEST(StatusOr, AnOkStatusWithoutValueBecomesInternal) {
  StatusOr<int> v = OkStatus();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kInternal);
}

StatusOr<int> Half(int x) {
  if (x % 2 != 0) return InvalidInputError("odd");
  return x / 2;
}

StatusOr<int> Quarter(int x) {
  KIOSK_ASSIGN_OR_RETURN(int half, Half(x));
  KIOSK_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int x) {
  KIOSK_RETURN_IF_ERROR(Half(x).status());
  return OkStatus();
}

TEST(StatusMacros, PropagateTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(3).message(), "odd");
}

}  // namespace
}  // namespace kiosk
