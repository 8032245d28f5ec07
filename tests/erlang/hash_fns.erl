-module(hash_fns).
-export([test/0]).
%% Hash functions: properties and OTP's exact phash/phash2 values.
test() ->
    Ts = [a, 1, "abc", {1, 2}, <<"bin">>, 1.5, 1 bsl 70, [], #{a => 1}],
    [[erlang:phash2(T) =:= erlang:phash2(T) || T <- Ts], [erlang:phash2(T, 10) < 10 || T <- Ts],
     [erlang:phash(T, 5) >= 1 andalso erlang:phash(T, 5) =< 5 || T <- Ts], erlang:phash2(1, 1), erlang:md5(""), erlang:crc32(""),
     erlang:crc32(1, <<"abc">>), erlang:adler32(<<>>),
     [{erlang:phash2(T), erlang:phash2(T, 10), erlang:phash(T, 5)} || T <- Ts]].
