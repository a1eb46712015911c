#include "fs/fuse/mount_options.h"

#include <gtest/gtest.h>

namespace hoard::fs {
namespace {

Result<MountOptions> Parse(std::vector<std::string> args) { return ParseMountArgs(args); }

TEST(MountOptionsTest, ParsesSourceForms) {
  static const struct {
    const char* source;
    const char* user;
    const char* host;
    const char* path;
  } kCases[] = {
      {"me@server:/music", "me", "server", "/music"},
      {"server:", "", "server", ""},
      {"server:music", "", "server", "music"},
      {"me@[::1]:/a:b", "me", "::1", "/a:b"},
      {"host:/with space/@x", "", "host", "/with space/@x"},
  };
  for (const auto& c : kCases) {
    Result<MountOptions> o = Parse({c.source, "/mnt"});
    ASSERT_TRUE(o.ok()) << c.source << ": " << o.status().message();
    EXPECT_EQ(c.user, o->user) << c.source;
    EXPECT_EQ(c.host, o->host) << c.source;
    EXPECT_EQ(c.path, o->remote_path) << c.source;
    EXPECT_EQ("/mnt", o->mountpoint);
  }
}

TEST(MountOptionsTest, ParsesEveryOption) {
  Result<MountOptions> o = Parse({"h:/", "/m", "-o", "port=2222,identity=/k1,known_hosts=/kh", "-oidentity=/k2",
                                  "-o", "accept_new_host_key,connections=8,timeout=5,keepalive=0",
                                  "-o", "attr_timeout=1.5,entry_timeout=0,allow_other,fsname=x\\,y",
                                  "-o", "cache_dir=/c,cache_size=20G,dir_ttl=2m,offline,prefetch=album,bwlimit=2M,no_cache",
                                  "-o", "noauto,_netdev,user,rw", "-o", "ciphers=aes256-ctr:aes128-ctr,macs=hmac-sha1",
                                  "-f"});
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(2222, o->port);
  EXPECT_EQ((std::vector<std::string>{"/k1", "/k2"}), o->identities);
  EXPECT_EQ("/kh", o->known_hosts);
  EXPECT_TRUE(o->accept_new_host_key);
  EXPECT_EQ(8, o->connections);
  EXPECT_EQ(5, o->timeout.count());
  EXPECT_EQ(0, o->keepalive.count());
  EXPECT_DOUBLE_EQ(1.5, o->attr_timeout);
  EXPECT_DOUBLE_EQ(0, o->entry_timeout);
  EXPECT_EQ((std::vector<std::string>{"allow_other", "fsname=x,y"}), o->fuse_options);
  EXPECT_EQ("/c", o->cache_dir);
  EXPECT_EQ(20ull << 30, o->cache_size.value());
  EXPECT_EQ(120, o->dir_ttl.count());
  EXPECT_TRUE(o->offline);
  EXPECT_EQ(PrefetchMode::kAlbum, o->prefetch.value());
  EXPECT_EQ(2ull << 20, o->bwlimit.value());
  EXPECT_TRUE(o->no_cache);
  EXPECT_EQ("aes256-ctr,aes128-ctr", o->ciphers);
  EXPECT_EQ("hmac-sha1", o->macs);
  EXPECT_TRUE(o->foreground);
  EXPECT_FALSE(o->debug);
}

TEST(MountOptionsTest, DefaultsMatchTheDocumentation) {
  Result<MountOptions> o = Parse({"h:", "/m"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(22, o->port);
  EXPECT_EQ(64, o->connections);
  EXPECT_EQ(20, o->timeout.count());
  EXPECT_EQ(15, o->keepalive.count());
  EXPECT_EQ(60, o->dir_ttl.count());
  EXPECT_FALSE(o->foreground);
  EXPECT_FALSE(o->prefetch.has_value());
}

TEST(MountOptionsTest, DebugImpliesForeground) {
  Result<MountOptions> o = Parse({"h:", "/m", "-d"});
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->debug);
  EXPECT_TRUE(o->foreground);
}

TEST(MountOptionsTest, RejectsBadInputNamingIt) {
  static const struct {
    std::vector<std::string> args;
    const char* mentions;
  } kCases[] = {
      {{"h:", "/m", "-o", "frobnicate"}, "frobnicate"},
      {{"h:", "/m", "-o", "port=0"}, "port"},
      {{"h:", "/m", "-o", "port=99999"}, "port"},
      {{"h:", "/m", "-o", "port"}, "port"},
      {{"h:", "/m", "-o", "connections=0"}, "connections"},
      {{"h:", "/m", "-o", "timeout=0"}, "timeout"},
      {{"h:", "/m", "-o", "timeout=soon"}, "timeout"},
      {{"h:", "/m", "-o", "cache_size=lots"}, "cache_size"},
      {{"h:", "/m", "-o", "prefetch=all"}, "prefetch"},
      {{"h:", "/m", "-o", "bwlimit=0"}, "bwlimit"},
      {{"h:", "/m", "-o", "offline=yes"}, "offline"},
      {{"h:", "/m", "-o", "attr_timeout=-1"}, "attr_timeout"},
      {{"h:", "/m", "-x"}, "-x"},
      {{"nohost", "/m"}, "nohost"},
      {{":/path", "/m"}, "host"},
      {{"h:"}, "mountpoint"},
      {{"h:", "/m", "extra"}, "extra"},
      {{"h:", "/m", "-o"}, "-o"},
  };
  for (const auto& c : kCases) {
    Result<MountOptions> o = Parse(c.args);
    ASSERT_FALSE(o.ok()) << c.mentions;
    EXPECT_EQ(EINVAL, o.status().code());
    EXPECT_NE(std::string::npos, o.status().message().find(c.mentions)) << o.status().message();
    EXPECT_EQ(std::string::npos, o.status().message().find('\n'));
  }
}

TEST(MountOptionsTest, HelpAndVersionNeedNoSource) {
  EXPECT_TRUE(Parse({"-h"})->show_help);
  EXPECT_TRUE(Parse({"-V"})->show_version);
}

}  // namespace
}  // namespace hoard::fs
