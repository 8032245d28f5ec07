-module(bin_native).
-export([test/0]).

%% /native segments: little-endian on the hosts shale-beam runs on (x86-64,
%% aarch64), in construction and in matching, integers, floats and UTF.
test() ->
    N = id(16#01020304),
    B = <<N:32/native>>,
    <<X:32/native>> = B,
    <<Y:32/little>> = B,
    F = id(1.5),
    FB = <<F:64/native-float>>,
    <<G:64/native-float>> = FB,
    <<G2:64/little-float>> = FB,
    FB32 = <<F:32/native-float>>,
    <<G3:32/native-float>> = FB32,
    S = <<(id(-2)):16/native-signed>>,
    <<S1:16/native-signed, S2:16/native>> = <<S/binary, S/binary>>,
    U = <<(id(16#1F600))/utf16-native, (id(233))/utf32-native>>,
    <<U1/utf16-native, U2/utf32-native>> = U,
    Odd = <<(id(16#abc)):12/native>>,
    <<O:12/native>> = Odd,
    [B, X, Y, FB, G, G2, FB32, G3, S, S1, S2, U, U1, U2, Odd, O,
     [<<V:24/native>> || V <- [1, 256, 65536, 16#ffffff]],
     [W || <<W:16/native>> <= <<1, 2, 3, 4, 5, 6>>],
     erlang:system_info(endian)].

id(X) -> X.
