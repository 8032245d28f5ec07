-module(zlib_formats).
%% zlib one-shot formats: zlib, gzip and raw deflate, byte-identical with
%% OTP over the same library, and their errors.
-export([test/0]).
e(F) -> try F() catch C:R -> {C, R} end.
test() ->
    D = list_to_binary([integer_to_list(I) || I <- lists:seq(1, 3000)]),
    [zlib:gzip(<<"hello">>), zlib:zip(<<"hello">>), zlib:compress("hello"),
     zlib:gunzip(zlib:gzip(D)) =:= D, zlib:unzip(zlib:zip(D)) =:= D,
     zlib:uncompress(zlib:compress(D)) =:= D, byte_size(zlib:gzip(D)),
     zlib:gunzip(zlib:gzip(<<>>)), zlib:gzip([<<"io">>, "list", [$x]]),
     e(fun() -> zlib:gunzip(<<"not gzip">>) end), e(fun() -> zlib:unzip(<<255,255,255>>) end),
     e(fun() -> zlib:uncompress(<<1,2,3>>) end), e(fun() -> zlib:gzip(atom) end)].
