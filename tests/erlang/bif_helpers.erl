-module(bif_helpers).
-export([test/0]).

%% BIFs OTP's own modules lean on: CRC and Adler combination, term size,
%% exact term comparison, sameness, loaded-module queries.
test() ->
    A = <<"hello, ">>, B = <<"world">>,
    Crc = erlang:crc32(<<A/binary, B/binary>>),
    Adl = erlang:adler32(<<A/binary, B/binary>>),
    T = id({a, [1, 2, 3], {b, c}}),
    [Crc =:= erlang:crc32_combine(erlang:crc32(A), erlang:crc32(B), byte_size(B)),
     Adl =:= erlang:adler32_combine(erlang:adler32(A), erlang:adler32(B), byte_size(B)),
     erlang:crc32_combine(0, 0, 0), erlang:adler32_combine(1, 1, 0),
     erlang:crc32_combine(16#FFFFFFFF, 16#12345678, 1000000),
     e(fun() -> erlang:crc32_combine(-1, 0, 0) end),
     e(fun() -> erlang:adler32_combine(0, a, 0) end),
     e(fun() -> erlang:crc32_combine(0, 0, -5) end),
     [erts_debug:flat_size(X) || X <- [1, a, [], [1], [1, 2, 3], {a, b},
                                       T, "abcdef", [[1], [2, [3]]]]],
     erts_debug:same(T, T), erts_debug:same(T, id({a, [1, 2, 3], {b, c}})),
     erts_debug:same(1, 1),
     [erts_internal:cmp_term(X, Y) || X <- [1, 1.0, a, [], {}], Y <- [1, 1.0, b]],
     lists:member(?MODULE, erlang:loaded()),
     lists:member(lists, erlang:loaded()),
     lists:member(no_such_module_here, erlang:loaded())].

e(F) -> try F() catch C:R -> {C, R} end.

id(X) -> X.
