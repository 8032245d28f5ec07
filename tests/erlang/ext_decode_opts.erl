-module(ext_decode_opts).
-export([test/0]).
%% binary_to_term/2 options (used, safe), trailing bytes after a term,
%% compressed input, and term_to_iovec.
test() ->
    T = {a, [1, 2], <<"x">>},
    B = term_to_binary(T),
    C = term_to_binary(lists:duplicate(100, T), [compressed]),
    [binary_to_term(<<B/binary, 0, 0>>), binary_to_term(<<B/binary, 7>>, [used]), binary_to_term(B, [safe]),
     binary_to_term(B, [safe, used]), element(2, binary_to_term(C, [used])) =:= byte_size(C),
     length(binary_to_term(C)), t(fun() -> binary_to_term(B, [bogus]) end), t(fun() -> binary_to_term(<<131, 80, 0, 0, 0, 5, 1, 2>>) end),
     t(fun() -> binary_to_term(<<131>>) end), iolist_to_binary(term_to_iovec(T)) =:= B,
     iolist_to_binary(term_to_iovec(T, [{minor_version, 2}])) =:= term_to_binary(T, [{minor_version, 2}])].
t(F) -> try F() catch C:R -> {C, R} end.
