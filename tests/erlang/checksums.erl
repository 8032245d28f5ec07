-module(checksums).
-export([test/0]).
%% Crc32, adler32 (also continued) and md5 over binaries and iolists.
test() ->
    Bs = [<<>>, <<"a">>, <<"hello world">>, list_to_binary(lists:seq(0, 255)), binary:copy(<<"xyz">>, 1000)],
    [{erlang:crc32(B), erlang:adler32(B), erlang:md5(B)} || B <- Bs] ++
    [erlang:crc32(erlang:crc32(<<"hello ">>), <<"world">>), erlang:adler32(erlang:adler32(<<"hello ">>), "world"),
     erlang:crc32(["ab", [$c], <<"d">>]), erlang:adler32([<<1>>, 2])].
