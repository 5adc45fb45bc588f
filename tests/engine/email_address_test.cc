// The one syntax check of an e-mail address (engine/email_address.h).
#include "engine/email_address.h"

#include <gtest/gtest.h>

#include <string>

namespace rollout {
namespace {

TEST(EmailAddress, AcceptsOrdinaryAddresses) {
  for (const char* ok : {"anna@example.com", "a.petrova+rollout@mail.example.ru",
                         "x_y-z@sub-domain.example.co.uk", "o'brien@example.ie", "1@2.io"})
    EXPECT_EQ(EmailAddressProblem(ok), "") << ok;
}

TEST(EmailAddress, RefusesWhatCouldInjectAHeaderOrASecondRecipient) {
  const std::string nul("ann@example.com\0bcc", 19);
  for (const std::string& bad :
       {std::string("ann@example.com\r\nBcc: evil@example.org"), std::string("ann@example.com\n"),
        std::string("ann@example.com\rx"), nul, std::string("ann@exa\tmple.com"),
        std::string("ann@example.com, evil@example.org"), std::string("ann@example.com;b@c.de"),
        std::string("Ann <ann@example.com>"), std::string("\"ann\"@example.com"),
        std::string("ann @example.com")})
    EXPECT_NE(EmailAddressProblem(bad), "") << bad;
  EXPECT_EQ(EmailAddressProblem("a@b.com\r\nBcc: x@y.com"), "it contains a line break");
  EXPECT_EQ(EmailAddressProblem(nul), "it contains a control character");
}

TEST(EmailAddress, RefusesMalformedAddresses) {
  for (const char* bad :
       {"", "ann", "@example.com", "ann@", "ann@@example.com", "a@b@example.com", "ann@localhost",
        ".ann@example.com", "ann.@example.com", "an..na@example.com", "ann@example..com",
        "ann@-example.com", "ann@example.com.", "ann@exam_ple.com", "анна@пример.рф"})
    EXPECT_NE(EmailAddressProblem(bad), "") << bad;
  EXPECT_NE(EmailAddressProblem(std::string(65, 'a') + "@example.com"), "");
  EXPECT_NE(EmailAddressProblem("a@" + std::string(64, 'b') + ".com"), "");
  EXPECT_NE(EmailAddressProblem("a@" + std::string(250, 'b') + ".com"), "");
  EXPECT_EQ(EmailAddressProblem("a@" + std::string(63, 'b') + ".com"), "");
}

}  // namespace
}  // namespace rollout
