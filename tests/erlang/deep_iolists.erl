-module(deep_iolists).
-export([test/0]).
%% iodata and chardata nested 100,000 levels deep, in heads and in
%% tails, through the BIFs that walk them (no depth limit, as OTP).
heads(N) -> lists:foldl(fun(_, A) -> [A, $x] end, [], lists:seq(1, N)).
tails(N) -> lists:foldl(fun(_, A) -> [$y | [A]] end, <<"z">>, lists:seq(1, N)).
test() ->
    X = heads(100000), R = tails(100000),
    [iolist_size(X), byte_size(iolist_to_binary(X)), iolist_size(R),
     byte_size(list_to_binary(R)), byte_size(unicode:characters_to_binary(X)),
     length(unicode:characters_to_list(R)), length(lists:flatten(X)),
     erlang:phash2(R), length(binary_to_list(iolist_to_binary(R))),
     erlang:md5(X), byte_size(zlib:compress(X)),
     try iolist_size([heads(1000) | a]) catch error:E -> E end].
