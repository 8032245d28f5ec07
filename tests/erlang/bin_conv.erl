-module(bin_conv).
-export([test/0]).
%% Binary conversions and external term format.
test() -> strip(test0()).
test0() ->
    [binary_to_list(<<"abc">>), list_to_binary([1, 2, [3, 4], <<5>>]), term_to_binary({a, [1, 2], <<"x">>, 1.5}),
     binary_to_term(term_to_binary(#{a => [1, {2}], "k" => <<1, 2>>})), bitstring_to_list(<<1, 2:3>>),
     list_to_bitstring([<<1:1>>, 2, <<3:7>>]), atom_to_binary(hello), binary_to_atom(<<"xyz">>, utf8),
     binary_to_existing_atom(<<"ok">>), term_to_binary("string"), term_to_binary([1 | 2]), term_to_binary(-300),
     term_to_binary(1 bsl 100), term_to_binary({}), term_to_binary(<<1:3>>), binary_to_term(<<131, 100, 0, 1, $a>>),
     catch binary_to_term(<<131, 255>>), erlang:crc32(<<"hello">>), erlang:adler32(<<"hello">>), erlang:md5(<<"abc">>)].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
