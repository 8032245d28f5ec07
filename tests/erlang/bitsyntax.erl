-module(bitsyntax).
-export([test/0]).
%% Bit syntax: sizes, signedness, endianness, floats, bitstrings, utf.
dec(<<Len:8, Data:Len/binary, Rest/bits>>) -> {Data, Rest}.
test() ->
    X = -2,
    <<A:16/little-signed, B:16/big, C:8/signed>> = <<254, 255, 1, 2, 200>>,
    <<F:32/float, G:64/float-little>> = <<1.5:32/float, 2.25:64/float-little>>,
    <<U/utf8, V/utf8, Rest/binary>> = <<"é€z"/utf8>>,
    [A, B, C, F, G, U, V, Rest, <<X:16>>, <<X:16/little>>, <<X:4, 1:4>>, <<300:8>>,
     <<1000000:24/big>>, <<1:1, 1:1>>, bit_size(<<1:1, 1:1>>), dec(<<3, "abcdef">>),
     <<16#12345678:32/little>>, << <<C2>> || <<C2:4>> <= <<255>> >>,
     <<(1 bsl 70):80>>, begin <<Big:80>> = <<(1 bsl 70):80>>, Big end,
     begin <<S:24/signed>> = <<128, 0, 0>>, S end, <<"€"/utf16>>, <<"€"/utf32-little>>,
     begin <<W/utf16, _/binary>> = <<"€"/utf16>>, W end, <<1.0/float>>, <<1.5:16/float>>,
     case <<1, 2, 3>> of <<1, R/binary>> -> R; _ -> no end,
     case <<5:3>> of <<Y:2, Z:1>> -> {Y, Z} end, is_bitstring(<<1:3>>), is_binary(<<1:3>>),
     <<<<1:3>>/bits, <<1:5>>/bits>>, byte_size(<<1:9>>)].
