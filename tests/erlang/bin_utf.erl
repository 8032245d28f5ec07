-module(bin_utf).
-export([test/0]).
%% Utf8/16/32 segments including invalid encodings.
test() -> strip(test0()).
test0() ->
    S = "aé€😀",
    U8 = unicode:characters_to_binary(S),
    [U8, [C || <<C/utf8>> <= U8], << <<C/utf16>> || C <- S >>, << <<C/utf32-little>> || C <- S >>,
     catch <<16#D800/utf8>>, catch <<16#110000/utf8>>, byte_size(<<16#10FFFF/utf8>>),
     m(<<16#C0, 16#80>>), m(<<16#E2, 16#82>>), m(<<"é"/utf8>>)].
m(<<C/utf8, _/binary>>) -> {ok, C};
m(B) -> {bad, B}.
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
