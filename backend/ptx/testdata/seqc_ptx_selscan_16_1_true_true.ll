source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @seqc_ptx_selscan_16_1_true_true(i64 %i0, i64 %i1, i64 %i2, i64 %i3, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2, float addrspace(1)* nocapture %p3, float addrspace(1)* nocapture %p4, float addrspace(1)* nocapture %p5, float addrspace(1)* nocapture %p6, float addrspace(1)* nocapture %p7, float addrspace(1)* nocapture %p8, float addrspace(1)* nocapture %p9) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%9 = zext i32 %8 to i64
	%10 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%11 = zext i32 %10 to i64
	%12 = mul i64 %11, 128
	%13 = add i64 %12, %9
	%14 = mul i64 %1, 128
	%15 = add i64 %14, %13
	%16 = icmp slt i64 %15, %i1
	br i1 %16, label %if.1, label %if.join.2

if.1:
	%17 = sdiv i64 %i1, 1
	%18 = sdiv i64 %15, %17
	%19 = mul i64 %18, 16
	%20 = mul i64 %15, 16
	%21 = add i64 %20, 0
	%22 = getelementptr float, float addrspace(1)* %p2, i64 %21
	%23 = load float, float addrspace(1)* %22, align 4
	%24 = mul i64 %15, 16
	%25 = add i64 %24, 1
	%26 = getelementptr float, float addrspace(1)* %p2, i64 %25
	%27 = load float, float addrspace(1)* %26, align 4
	%28 = mul i64 %15, 16
	%29 = add i64 %28, 2
	%30 = getelementptr float, float addrspace(1)* %p2, i64 %29
	%31 = load float, float addrspace(1)* %30, align 4
	%32 = mul i64 %15, 16
	%33 = add i64 %32, 3
	%34 = getelementptr float, float addrspace(1)* %p2, i64 %33
	%35 = load float, float addrspace(1)* %34, align 4
	%36 = mul i64 %15, 16
	%37 = add i64 %36, 4
	%38 = getelementptr float, float addrspace(1)* %p2, i64 %37
	%39 = load float, float addrspace(1)* %38, align 4
	%40 = mul i64 %15, 16
	%41 = add i64 %40, 5
	%42 = getelementptr float, float addrspace(1)* %p2, i64 %41
	%43 = load float, float addrspace(1)* %42, align 4
	%44 = mul i64 %15, 16
	%45 = add i64 %44, 6
	%46 = getelementptr float, float addrspace(1)* %p2, i64 %45
	%47 = load float, float addrspace(1)* %46, align 4
	%48 = mul i64 %15, 16
	%49 = add i64 %48, 7
	%50 = getelementptr float, float addrspace(1)* %p2, i64 %49
	%51 = load float, float addrspace(1)* %50, align 4
	%52 = mul i64 %15, 16
	%53 = add i64 %52, 8
	%54 = getelementptr float, float addrspace(1)* %p2, i64 %53
	%55 = load float, float addrspace(1)* %54, align 4
	%56 = mul i64 %15, 16
	%57 = add i64 %56, 9
	%58 = getelementptr float, float addrspace(1)* %p2, i64 %57
	%59 = load float, float addrspace(1)* %58, align 4
	%60 = mul i64 %15, 16
	%61 = add i64 %60, 10
	%62 = getelementptr float, float addrspace(1)* %p2, i64 %61
	%63 = load float, float addrspace(1)* %62, align 4
	%64 = mul i64 %15, 16
	%65 = add i64 %64, 11
	%66 = getelementptr float, float addrspace(1)* %p2, i64 %65
	%67 = load float, float addrspace(1)* %66, align 4
	%68 = mul i64 %15, 16
	%69 = add i64 %68, 12
	%70 = getelementptr float, float addrspace(1)* %p2, i64 %69
	%71 = load float, float addrspace(1)* %70, align 4
	%72 = mul i64 %15, 16
	%73 = add i64 %72, 13
	%74 = getelementptr float, float addrspace(1)* %p2, i64 %73
	%75 = load float, float addrspace(1)* %74, align 4
	%76 = mul i64 %15, 16
	%77 = add i64 %76, 14
	%78 = getelementptr float, float addrspace(1)* %p2, i64 %77
	%79 = load float, float addrspace(1)* %78, align 4
	%80 = mul i64 %15, 16
	%81 = add i64 %80, 15
	%82 = getelementptr float, float addrspace(1)* %p2, i64 %81
	%83 = load float, float addrspace(1)* %82, align 4
	%84 = mul i64 %3, %i1
	%85 = add i64 %84, %15
	%86 = mul i64 %85, 16
	%87 = icmp ne i64 %i2, 0
	br i1 %87, label %ifv.3, label %ifv.join.4

if.join.2:
	ret void

ifv.3:
	%88 = add i64 %86, 0
	%89 = getelementptr float, float addrspace(1)* %p8, i64 %88
	%90 = load float, float addrspace(1)* %89, align 4
	br label %ifv.join.4

ifv.join.4:
	%91 = phi float [ 0.0, %if.1 ], [ %90, %ifv.3 ]
	br i1 %87, label %ifv.5, label %ifv.join.6

ifv.5:
	%92 = add i64 %86, 1
	%93 = getelementptr float, float addrspace(1)* %p8, i64 %92
	%94 = load float, float addrspace(1)* %93, align 4
	br label %ifv.join.6

ifv.join.6:
	%95 = phi float [ 0.0, %ifv.join.4 ], [ %94, %ifv.5 ]
	br i1 %87, label %ifv.7, label %ifv.join.8

ifv.7:
	%96 = add i64 %86, 2
	%97 = getelementptr float, float addrspace(1)* %p8, i64 %96
	%98 = load float, float addrspace(1)* %97, align 4
	br label %ifv.join.8

ifv.join.8:
	%99 = phi float [ 0.0, %ifv.join.6 ], [ %98, %ifv.7 ]
	br i1 %87, label %ifv.9, label %ifv.join.10

ifv.9:
	%100 = add i64 %86, 3
	%101 = getelementptr float, float addrspace(1)* %p8, i64 %100
	%102 = load float, float addrspace(1)* %101, align 4
	br label %ifv.join.10

ifv.join.10:
	%103 = phi float [ 0.0, %ifv.join.8 ], [ %102, %ifv.9 ]
	br i1 %87, label %ifv.11, label %ifv.join.12

ifv.11:
	%104 = add i64 %86, 4
	%105 = getelementptr float, float addrspace(1)* %p8, i64 %104
	%106 = load float, float addrspace(1)* %105, align 4
	br label %ifv.join.12

ifv.join.12:
	%107 = phi float [ 0.0, %ifv.join.10 ], [ %106, %ifv.11 ]
	br i1 %87, label %ifv.13, label %ifv.join.14

ifv.13:
	%108 = add i64 %86, 5
	%109 = getelementptr float, float addrspace(1)* %p8, i64 %108
	%110 = load float, float addrspace(1)* %109, align 4
	br label %ifv.join.14

ifv.join.14:
	%111 = phi float [ 0.0, %ifv.join.12 ], [ %110, %ifv.13 ]
	br i1 %87, label %ifv.15, label %ifv.join.16

ifv.15:
	%112 = add i64 %86, 6
	%113 = getelementptr float, float addrspace(1)* %p8, i64 %112
	%114 = load float, float addrspace(1)* %113, align 4
	br label %ifv.join.16

ifv.join.16:
	%115 = phi float [ 0.0, %ifv.join.14 ], [ %114, %ifv.15 ]
	br i1 %87, label %ifv.17, label %ifv.join.18

ifv.17:
	%116 = add i64 %86, 7
	%117 = getelementptr float, float addrspace(1)* %p8, i64 %116
	%118 = load float, float addrspace(1)* %117, align 4
	br label %ifv.join.18

ifv.join.18:
	%119 = phi float [ 0.0, %ifv.join.16 ], [ %118, %ifv.17 ]
	br i1 %87, label %ifv.19, label %ifv.join.20

ifv.19:
	%120 = add i64 %86, 8
	%121 = getelementptr float, float addrspace(1)* %p8, i64 %120
	%122 = load float, float addrspace(1)* %121, align 4
	br label %ifv.join.20

ifv.join.20:
	%123 = phi float [ 0.0, %ifv.join.18 ], [ %122, %ifv.19 ]
	br i1 %87, label %ifv.21, label %ifv.join.22

ifv.21:
	%124 = add i64 %86, 9
	%125 = getelementptr float, float addrspace(1)* %p8, i64 %124
	%126 = load float, float addrspace(1)* %125, align 4
	br label %ifv.join.22

ifv.join.22:
	%127 = phi float [ 0.0, %ifv.join.20 ], [ %126, %ifv.21 ]
	br i1 %87, label %ifv.23, label %ifv.join.24

ifv.23:
	%128 = add i64 %86, 10
	%129 = getelementptr float, float addrspace(1)* %p8, i64 %128
	%130 = load float, float addrspace(1)* %129, align 4
	br label %ifv.join.24

ifv.join.24:
	%131 = phi float [ 0.0, %ifv.join.22 ], [ %130, %ifv.23 ]
	br i1 %87, label %ifv.25, label %ifv.join.26

ifv.25:
	%132 = add i64 %86, 11
	%133 = getelementptr float, float addrspace(1)* %p8, i64 %132
	%134 = load float, float addrspace(1)* %133, align 4
	br label %ifv.join.26

ifv.join.26:
	%135 = phi float [ 0.0, %ifv.join.24 ], [ %134, %ifv.25 ]
	br i1 %87, label %ifv.27, label %ifv.join.28

ifv.27:
	%136 = add i64 %86, 12
	%137 = getelementptr float, float addrspace(1)* %p8, i64 %136
	%138 = load float, float addrspace(1)* %137, align 4
	br label %ifv.join.28

ifv.join.28:
	%139 = phi float [ 0.0, %ifv.join.26 ], [ %138, %ifv.27 ]
	br i1 %87, label %ifv.29, label %ifv.join.30

ifv.29:
	%140 = add i64 %86, 13
	%141 = getelementptr float, float addrspace(1)* %p8, i64 %140
	%142 = load float, float addrspace(1)* %141, align 4
	br label %ifv.join.30

ifv.join.30:
	%143 = phi float [ 0.0, %ifv.join.28 ], [ %142, %ifv.29 ]
	br i1 %87, label %ifv.31, label %ifv.join.32

ifv.31:
	%144 = add i64 %86, 14
	%145 = getelementptr float, float addrspace(1)* %p8, i64 %144
	%146 = load float, float addrspace(1)* %145, align 4
	br label %ifv.join.32

ifv.join.32:
	%147 = phi float [ 0.0, %ifv.join.30 ], [ %146, %ifv.31 ]
	br i1 %87, label %ifv.33, label %ifv.join.34

ifv.33:
	%148 = add i64 %86, 15
	%149 = getelementptr float, float addrspace(1)* %p8, i64 %148
	%150 = load float, float addrspace(1)* %149, align 4
	br label %ifv.join.34

ifv.join.34:
	%151 = phi float [ 0.0, %ifv.join.32 ], [ %150, %ifv.33 ]
	%152 = icmp slt i64 0, %i0
	br i1 %152, label %loop.35, label %loop.exit.36

loop.35:
	%153 = phi i64 [ 0, %ifv.join.34 ], [ %837, %loop.35 ]
	%154 = phi float [ %91, %ifv.join.34 ], [ %214, %loop.35 ]
	%155 = phi float [ %95, %ifv.join.34 ], [ %252, %loop.35 ]
	%156 = phi float [ %99, %ifv.join.34 ], [ %290, %loop.35 ]
	%157 = phi float [ %103, %ifv.join.34 ], [ %328, %loop.35 ]
	%158 = phi float [ %107, %ifv.join.34 ], [ %366, %loop.35 ]
	%159 = phi float [ %111, %ifv.join.34 ], [ %404, %loop.35 ]
	%160 = phi float [ %115, %ifv.join.34 ], [ %442, %loop.35 ]
	%161 = phi float [ %119, %ifv.join.34 ], [ %480, %loop.35 ]
	%162 = phi float [ %123, %ifv.join.34 ], [ %518, %loop.35 ]
	%163 = phi float [ %127, %ifv.join.34 ], [ %556, %loop.35 ]
	%164 = phi float [ %131, %ifv.join.34 ], [ %594, %loop.35 ]
	%165 = phi float [ %135, %ifv.join.34 ], [ %632, %loop.35 ]
	%166 = phi float [ %139, %ifv.join.34 ], [ %670, %loop.35 ]
	%167 = phi float [ %143, %ifv.join.34 ], [ %708, %loop.35 ]
	%168 = phi float [ %147, %ifv.join.34 ], [ %746, %loop.35 ]
	%169 = phi float [ %151, %ifv.join.34 ], [ %784, %loop.35 ]
	%170 = mul i64 %3, %i0
	%171 = add i64 %170, %153
	%172 = mul i64 %171, %i1
	%173 = add i64 %172, %15
	%174 = getelementptr float, float addrspace(1)* %p1, i64 %173
	%175 = load float, float addrspace(1)* %174, align 4
	%176 = getelementptr float, float addrspace(1)* %p0, i64 %173
	%177 = load float, float addrspace(1)* %176, align 4
	%178 = fmul float %175, %177
	%179 = mul i64 %171, 16
	%180 = add i64 %179, %19
	%181 = fmul float %175, %23
	%182 = fcmp olt float %181, -115.0
	%183 = select i1 %182, float -115.0, float %181
	%184 = fcmp ogt float %183, 89.0
	%185 = select i1 %184, float 89.0, float %183
	%186 = call float @llvm.fmuladd.f32(float %185, float 0x3FF7154760000000, float 1.2582912e+07)
	%187 = fsub float %186, 1.2582912e+07
	%188 = call float @llvm.fmuladd.f32(float %187, float 0xBFE62E4000000000, float %185)
	%189 = call float @llvm.fmuladd.f32(float %187, float 0xBEB7F7D1C0000000, float %188)
	%190 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %189, float 0x3F81239E00000000)
	%191 = call float @llvm.fmuladd.f32(float %190, float %189, float 0x3FA5558F20000000)
	%192 = call float @llvm.fmuladd.f32(float %191, float %189, float 0x3FC5554920000000)
	%193 = call float @llvm.fmuladd.f32(float %192, float %189, float 0x3FDFFFFFC0000000)
	%194 = fmul float %189, %189
	%195 = call float @llvm.fmuladd.f32(float %193, float %194, float %189)
	%196 = fadd float %195, 1.0
	%197 = bitcast float %186 to i32
	%198 = sub i32 %197, u0x4B400000
	%199 = ashr i32 %198, 1
	%200 = sub i32 %198, %199
	%201 = add i32 %199, 127
	%202 = shl i32 %201, 23
	%203 = bitcast i32 %202 to float
	%204 = add i32 %200, 127
	%205 = shl i32 %204, 23
	%206 = bitcast i32 %205 to float
	%207 = fmul float %196, %203
	%208 = fmul float %207, %206
	%209 = add i64 %180, 0
	%210 = fmul float %208, %154
	%211 = getelementptr float, float addrspace(1)* %p3, i64 %209
	%212 = load float, float addrspace(1)* %211, align 4
	%213 = fmul float %178, %212
	%214 = fadd float %210, %213
	%215 = getelementptr float, float addrspace(1)* %p4, i64 %209
	%216 = load float, float addrspace(1)* %215, align 4
	%217 = fmul float %216, %214
	%218 = fadd float 0.0, %217
	%219 = fmul float %175, %27
	%220 = fcmp olt float %219, -115.0
	%221 = select i1 %220, float -115.0, float %219
	%222 = fcmp ogt float %221, 89.0
	%223 = select i1 %222, float 89.0, float %221
	%224 = call float @llvm.fmuladd.f32(float %223, float 0x3FF7154760000000, float 1.2582912e+07)
	%225 = fsub float %224, 1.2582912e+07
	%226 = call float @llvm.fmuladd.f32(float %225, float 0xBFE62E4000000000, float %223)
	%227 = call float @llvm.fmuladd.f32(float %225, float 0xBEB7F7D1C0000000, float %226)
	%228 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %227, float 0x3F81239E00000000)
	%229 = call float @llvm.fmuladd.f32(float %228, float %227, float 0x3FA5558F20000000)
	%230 = call float @llvm.fmuladd.f32(float %229, float %227, float 0x3FC5554920000000)
	%231 = call float @llvm.fmuladd.f32(float %230, float %227, float 0x3FDFFFFFC0000000)
	%232 = fmul float %227, %227
	%233 = call float @llvm.fmuladd.f32(float %231, float %232, float %227)
	%234 = fadd float %233, 1.0
	%235 = bitcast float %224 to i32
	%236 = sub i32 %235, u0x4B400000
	%237 = ashr i32 %236, 1
	%238 = sub i32 %236, %237
	%239 = add i32 %237, 127
	%240 = shl i32 %239, 23
	%241 = bitcast i32 %240 to float
	%242 = add i32 %238, 127
	%243 = shl i32 %242, 23
	%244 = bitcast i32 %243 to float
	%245 = fmul float %234, %241
	%246 = fmul float %245, %244
	%247 = add i64 %180, 1
	%248 = fmul float %246, %155
	%249 = getelementptr float, float addrspace(1)* %p3, i64 %247
	%250 = load float, float addrspace(1)* %249, align 4
	%251 = fmul float %178, %250
	%252 = fadd float %248, %251
	%253 = getelementptr float, float addrspace(1)* %p4, i64 %247
	%254 = load float, float addrspace(1)* %253, align 4
	%255 = fmul float %254, %252
	%256 = fadd float %218, %255
	%257 = fmul float %175, %31
	%258 = fcmp olt float %257, -115.0
	%259 = select i1 %258, float -115.0, float %257
	%260 = fcmp ogt float %259, 89.0
	%261 = select i1 %260, float 89.0, float %259
	%262 = call float @llvm.fmuladd.f32(float %261, float 0x3FF7154760000000, float 1.2582912e+07)
	%263 = fsub float %262, 1.2582912e+07
	%264 = call float @llvm.fmuladd.f32(float %263, float 0xBFE62E4000000000, float %261)
	%265 = call float @llvm.fmuladd.f32(float %263, float 0xBEB7F7D1C0000000, float %264)
	%266 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %265, float 0x3F81239E00000000)
	%267 = call float @llvm.fmuladd.f32(float %266, float %265, float 0x3FA5558F20000000)
	%268 = call float @llvm.fmuladd.f32(float %267, float %265, float 0x3FC5554920000000)
	%269 = call float @llvm.fmuladd.f32(float %268, float %265, float 0x3FDFFFFFC0000000)
	%270 = fmul float %265, %265
	%271 = call float @llvm.fmuladd.f32(float %269, float %270, float %265)
	%272 = fadd float %271, 1.0
	%273 = bitcast float %262 to i32
	%274 = sub i32 %273, u0x4B400000
	%275 = ashr i32 %274, 1
	%276 = sub i32 %274, %275
	%277 = add i32 %275, 127
	%278 = shl i32 %277, 23
	%279 = bitcast i32 %278 to float
	%280 = add i32 %276, 127
	%281 = shl i32 %280, 23
	%282 = bitcast i32 %281 to float
	%283 = fmul float %272, %279
	%284 = fmul float %283, %282
	%285 = add i64 %180, 2
	%286 = fmul float %284, %156
	%287 = getelementptr float, float addrspace(1)* %p3, i64 %285
	%288 = load float, float addrspace(1)* %287, align 4
	%289 = fmul float %178, %288
	%290 = fadd float %286, %289
	%291 = getelementptr float, float addrspace(1)* %p4, i64 %285
	%292 = load float, float addrspace(1)* %291, align 4
	%293 = fmul float %292, %290
	%294 = fadd float %256, %293
	%295 = fmul float %175, %35
	%296 = fcmp olt float %295, -115.0
	%297 = select i1 %296, float -115.0, float %295
	%298 = fcmp ogt float %297, 89.0
	%299 = select i1 %298, float 89.0, float %297
	%300 = call float @llvm.fmuladd.f32(float %299, float 0x3FF7154760000000, float 1.2582912e+07)
	%301 = fsub float %300, 1.2582912e+07
	%302 = call float @llvm.fmuladd.f32(float %301, float 0xBFE62E4000000000, float %299)
	%303 = call float @llvm.fmuladd.f32(float %301, float 0xBEB7F7D1C0000000, float %302)
	%304 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %303, float 0x3F81239E00000000)
	%305 = call float @llvm.fmuladd.f32(float %304, float %303, float 0x3FA5558F20000000)
	%306 = call float @llvm.fmuladd.f32(float %305, float %303, float 0x3FC5554920000000)
	%307 = call float @llvm.fmuladd.f32(float %306, float %303, float 0x3FDFFFFFC0000000)
	%308 = fmul float %303, %303
	%309 = call float @llvm.fmuladd.f32(float %307, float %308, float %303)
	%310 = fadd float %309, 1.0
	%311 = bitcast float %300 to i32
	%312 = sub i32 %311, u0x4B400000
	%313 = ashr i32 %312, 1
	%314 = sub i32 %312, %313
	%315 = add i32 %313, 127
	%316 = shl i32 %315, 23
	%317 = bitcast i32 %316 to float
	%318 = add i32 %314, 127
	%319 = shl i32 %318, 23
	%320 = bitcast i32 %319 to float
	%321 = fmul float %310, %317
	%322 = fmul float %321, %320
	%323 = add i64 %180, 3
	%324 = fmul float %322, %157
	%325 = getelementptr float, float addrspace(1)* %p3, i64 %323
	%326 = load float, float addrspace(1)* %325, align 4
	%327 = fmul float %178, %326
	%328 = fadd float %324, %327
	%329 = getelementptr float, float addrspace(1)* %p4, i64 %323
	%330 = load float, float addrspace(1)* %329, align 4
	%331 = fmul float %330, %328
	%332 = fadd float %294, %331
	%333 = fmul float %175, %39
	%334 = fcmp olt float %333, -115.0
	%335 = select i1 %334, float -115.0, float %333
	%336 = fcmp ogt float %335, 89.0
	%337 = select i1 %336, float 89.0, float %335
	%338 = call float @llvm.fmuladd.f32(float %337, float 0x3FF7154760000000, float 1.2582912e+07)
	%339 = fsub float %338, 1.2582912e+07
	%340 = call float @llvm.fmuladd.f32(float %339, float 0xBFE62E4000000000, float %337)
	%341 = call float @llvm.fmuladd.f32(float %339, float 0xBEB7F7D1C0000000, float %340)
	%342 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %341, float 0x3F81239E00000000)
	%343 = call float @llvm.fmuladd.f32(float %342, float %341, float 0x3FA5558F20000000)
	%344 = call float @llvm.fmuladd.f32(float %343, float %341, float 0x3FC5554920000000)
	%345 = call float @llvm.fmuladd.f32(float %344, float %341, float 0x3FDFFFFFC0000000)
	%346 = fmul float %341, %341
	%347 = call float @llvm.fmuladd.f32(float %345, float %346, float %341)
	%348 = fadd float %347, 1.0
	%349 = bitcast float %338 to i32
	%350 = sub i32 %349, u0x4B400000
	%351 = ashr i32 %350, 1
	%352 = sub i32 %350, %351
	%353 = add i32 %351, 127
	%354 = shl i32 %353, 23
	%355 = bitcast i32 %354 to float
	%356 = add i32 %352, 127
	%357 = shl i32 %356, 23
	%358 = bitcast i32 %357 to float
	%359 = fmul float %348, %355
	%360 = fmul float %359, %358
	%361 = add i64 %180, 4
	%362 = fmul float %360, %158
	%363 = getelementptr float, float addrspace(1)* %p3, i64 %361
	%364 = load float, float addrspace(1)* %363, align 4
	%365 = fmul float %178, %364
	%366 = fadd float %362, %365
	%367 = getelementptr float, float addrspace(1)* %p4, i64 %361
	%368 = load float, float addrspace(1)* %367, align 4
	%369 = fmul float %368, %366
	%370 = fadd float %332, %369
	%371 = fmul float %175, %43
	%372 = fcmp olt float %371, -115.0
	%373 = select i1 %372, float -115.0, float %371
	%374 = fcmp ogt float %373, 89.0
	%375 = select i1 %374, float 89.0, float %373
	%376 = call float @llvm.fmuladd.f32(float %375, float 0x3FF7154760000000, float 1.2582912e+07)
	%377 = fsub float %376, 1.2582912e+07
	%378 = call float @llvm.fmuladd.f32(float %377, float 0xBFE62E4000000000, float %375)
	%379 = call float @llvm.fmuladd.f32(float %377, float 0xBEB7F7D1C0000000, float %378)
	%380 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %379, float 0x3F81239E00000000)
	%381 = call float @llvm.fmuladd.f32(float %380, float %379, float 0x3FA5558F20000000)
	%382 = call float @llvm.fmuladd.f32(float %381, float %379, float 0x3FC5554920000000)
	%383 = call float @llvm.fmuladd.f32(float %382, float %379, float 0x3FDFFFFFC0000000)
	%384 = fmul float %379, %379
	%385 = call float @llvm.fmuladd.f32(float %383, float %384, float %379)
	%386 = fadd float %385, 1.0
	%387 = bitcast float %376 to i32
	%388 = sub i32 %387, u0x4B400000
	%389 = ashr i32 %388, 1
	%390 = sub i32 %388, %389
	%391 = add i32 %389, 127
	%392 = shl i32 %391, 23
	%393 = bitcast i32 %392 to float
	%394 = add i32 %390, 127
	%395 = shl i32 %394, 23
	%396 = bitcast i32 %395 to float
	%397 = fmul float %386, %393
	%398 = fmul float %397, %396
	%399 = add i64 %180, 5
	%400 = fmul float %398, %159
	%401 = getelementptr float, float addrspace(1)* %p3, i64 %399
	%402 = load float, float addrspace(1)* %401, align 4
	%403 = fmul float %178, %402
	%404 = fadd float %400, %403
	%405 = getelementptr float, float addrspace(1)* %p4, i64 %399
	%406 = load float, float addrspace(1)* %405, align 4
	%407 = fmul float %406, %404
	%408 = fadd float %370, %407
	%409 = fmul float %175, %47
	%410 = fcmp olt float %409, -115.0
	%411 = select i1 %410, float -115.0, float %409
	%412 = fcmp ogt float %411, 89.0
	%413 = select i1 %412, float 89.0, float %411
	%414 = call float @llvm.fmuladd.f32(float %413, float 0x3FF7154760000000, float 1.2582912e+07)
	%415 = fsub float %414, 1.2582912e+07
	%416 = call float @llvm.fmuladd.f32(float %415, float 0xBFE62E4000000000, float %413)
	%417 = call float @llvm.fmuladd.f32(float %415, float 0xBEB7F7D1C0000000, float %416)
	%418 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %417, float 0x3F81239E00000000)
	%419 = call float @llvm.fmuladd.f32(float %418, float %417, float 0x3FA5558F20000000)
	%420 = call float @llvm.fmuladd.f32(float %419, float %417, float 0x3FC5554920000000)
	%421 = call float @llvm.fmuladd.f32(float %420, float %417, float 0x3FDFFFFFC0000000)
	%422 = fmul float %417, %417
	%423 = call float @llvm.fmuladd.f32(float %421, float %422, float %417)
	%424 = fadd float %423, 1.0
	%425 = bitcast float %414 to i32
	%426 = sub i32 %425, u0x4B400000
	%427 = ashr i32 %426, 1
	%428 = sub i32 %426, %427
	%429 = add i32 %427, 127
	%430 = shl i32 %429, 23
	%431 = bitcast i32 %430 to float
	%432 = add i32 %428, 127
	%433 = shl i32 %432, 23
	%434 = bitcast i32 %433 to float
	%435 = fmul float %424, %431
	%436 = fmul float %435, %434
	%437 = add i64 %180, 6
	%438 = fmul float %436, %160
	%439 = getelementptr float, float addrspace(1)* %p3, i64 %437
	%440 = load float, float addrspace(1)* %439, align 4
	%441 = fmul float %178, %440
	%442 = fadd float %438, %441
	%443 = getelementptr float, float addrspace(1)* %p4, i64 %437
	%444 = load float, float addrspace(1)* %443, align 4
	%445 = fmul float %444, %442
	%446 = fadd float %408, %445
	%447 = fmul float %175, %51
	%448 = fcmp olt float %447, -115.0
	%449 = select i1 %448, float -115.0, float %447
	%450 = fcmp ogt float %449, 89.0
	%451 = select i1 %450, float 89.0, float %449
	%452 = call float @llvm.fmuladd.f32(float %451, float 0x3FF7154760000000, float 1.2582912e+07)
	%453 = fsub float %452, 1.2582912e+07
	%454 = call float @llvm.fmuladd.f32(float %453, float 0xBFE62E4000000000, float %451)
	%455 = call float @llvm.fmuladd.f32(float %453, float 0xBEB7F7D1C0000000, float %454)
	%456 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %455, float 0x3F81239E00000000)
	%457 = call float @llvm.fmuladd.f32(float %456, float %455, float 0x3FA5558F20000000)
	%458 = call float @llvm.fmuladd.f32(float %457, float %455, float 0x3FC5554920000000)
	%459 = call float @llvm.fmuladd.f32(float %458, float %455, float 0x3FDFFFFFC0000000)
	%460 = fmul float %455, %455
	%461 = call float @llvm.fmuladd.f32(float %459, float %460, float %455)
	%462 = fadd float %461, 1.0
	%463 = bitcast float %452 to i32
	%464 = sub i32 %463, u0x4B400000
	%465 = ashr i32 %464, 1
	%466 = sub i32 %464, %465
	%467 = add i32 %465, 127
	%468 = shl i32 %467, 23
	%469 = bitcast i32 %468 to float
	%470 = add i32 %466, 127
	%471 = shl i32 %470, 23
	%472 = bitcast i32 %471 to float
	%473 = fmul float %462, %469
	%474 = fmul float %473, %472
	%475 = add i64 %180, 7
	%476 = fmul float %474, %161
	%477 = getelementptr float, float addrspace(1)* %p3, i64 %475
	%478 = load float, float addrspace(1)* %477, align 4
	%479 = fmul float %178, %478
	%480 = fadd float %476, %479
	%481 = getelementptr float, float addrspace(1)* %p4, i64 %475
	%482 = load float, float addrspace(1)* %481, align 4
	%483 = fmul float %482, %480
	%484 = fadd float %446, %483
	%485 = fmul float %175, %55
	%486 = fcmp olt float %485, -115.0
	%487 = select i1 %486, float -115.0, float %485
	%488 = fcmp ogt float %487, 89.0
	%489 = select i1 %488, float 89.0, float %487
	%490 = call float @llvm.fmuladd.f32(float %489, float 0x3FF7154760000000, float 1.2582912e+07)
	%491 = fsub float %490, 1.2582912e+07
	%492 = call float @llvm.fmuladd.f32(float %491, float 0xBFE62E4000000000, float %489)
	%493 = call float @llvm.fmuladd.f32(float %491, float 0xBEB7F7D1C0000000, float %492)
	%494 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %493, float 0x3F81239E00000000)
	%495 = call float @llvm.fmuladd.f32(float %494, float %493, float 0x3FA5558F20000000)
	%496 = call float @llvm.fmuladd.f32(float %495, float %493, float 0x3FC5554920000000)
	%497 = call float @llvm.fmuladd.f32(float %496, float %493, float 0x3FDFFFFFC0000000)
	%498 = fmul float %493, %493
	%499 = call float @llvm.fmuladd.f32(float %497, float %498, float %493)
	%500 = fadd float %499, 1.0
	%501 = bitcast float %490 to i32
	%502 = sub i32 %501, u0x4B400000
	%503 = ashr i32 %502, 1
	%504 = sub i32 %502, %503
	%505 = add i32 %503, 127
	%506 = shl i32 %505, 23
	%507 = bitcast i32 %506 to float
	%508 = add i32 %504, 127
	%509 = shl i32 %508, 23
	%510 = bitcast i32 %509 to float
	%511 = fmul float %500, %507
	%512 = fmul float %511, %510
	%513 = add i64 %180, 8
	%514 = fmul float %512, %162
	%515 = getelementptr float, float addrspace(1)* %p3, i64 %513
	%516 = load float, float addrspace(1)* %515, align 4
	%517 = fmul float %178, %516
	%518 = fadd float %514, %517
	%519 = getelementptr float, float addrspace(1)* %p4, i64 %513
	%520 = load float, float addrspace(1)* %519, align 4
	%521 = fmul float %520, %518
	%522 = fadd float %484, %521
	%523 = fmul float %175, %59
	%524 = fcmp olt float %523, -115.0
	%525 = select i1 %524, float -115.0, float %523
	%526 = fcmp ogt float %525, 89.0
	%527 = select i1 %526, float 89.0, float %525
	%528 = call float @llvm.fmuladd.f32(float %527, float 0x3FF7154760000000, float 1.2582912e+07)
	%529 = fsub float %528, 1.2582912e+07
	%530 = call float @llvm.fmuladd.f32(float %529, float 0xBFE62E4000000000, float %527)
	%531 = call float @llvm.fmuladd.f32(float %529, float 0xBEB7F7D1C0000000, float %530)
	%532 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %531, float 0x3F81239E00000000)
	%533 = call float @llvm.fmuladd.f32(float %532, float %531, float 0x3FA5558F20000000)
	%534 = call float @llvm.fmuladd.f32(float %533, float %531, float 0x3FC5554920000000)
	%535 = call float @llvm.fmuladd.f32(float %534, float %531, float 0x3FDFFFFFC0000000)
	%536 = fmul float %531, %531
	%537 = call float @llvm.fmuladd.f32(float %535, float %536, float %531)
	%538 = fadd float %537, 1.0
	%539 = bitcast float %528 to i32
	%540 = sub i32 %539, u0x4B400000
	%541 = ashr i32 %540, 1
	%542 = sub i32 %540, %541
	%543 = add i32 %541, 127
	%544 = shl i32 %543, 23
	%545 = bitcast i32 %544 to float
	%546 = add i32 %542, 127
	%547 = shl i32 %546, 23
	%548 = bitcast i32 %547 to float
	%549 = fmul float %538, %545
	%550 = fmul float %549, %548
	%551 = add i64 %180, 9
	%552 = fmul float %550, %163
	%553 = getelementptr float, float addrspace(1)* %p3, i64 %551
	%554 = load float, float addrspace(1)* %553, align 4
	%555 = fmul float %178, %554
	%556 = fadd float %552, %555
	%557 = getelementptr float, float addrspace(1)* %p4, i64 %551
	%558 = load float, float addrspace(1)* %557, align 4
	%559 = fmul float %558, %556
	%560 = fadd float %522, %559
	%561 = fmul float %175, %63
	%562 = fcmp olt float %561, -115.0
	%563 = select i1 %562, float -115.0, float %561
	%564 = fcmp ogt float %563, 89.0
	%565 = select i1 %564, float 89.0, float %563
	%566 = call float @llvm.fmuladd.f32(float %565, float 0x3FF7154760000000, float 1.2582912e+07)
	%567 = fsub float %566, 1.2582912e+07
	%568 = call float @llvm.fmuladd.f32(float %567, float 0xBFE62E4000000000, float %565)
	%569 = call float @llvm.fmuladd.f32(float %567, float 0xBEB7F7D1C0000000, float %568)
	%570 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %569, float 0x3F81239E00000000)
	%571 = call float @llvm.fmuladd.f32(float %570, float %569, float 0x3FA5558F20000000)
	%572 = call float @llvm.fmuladd.f32(float %571, float %569, float 0x3FC5554920000000)
	%573 = call float @llvm.fmuladd.f32(float %572, float %569, float 0x3FDFFFFFC0000000)
	%574 = fmul float %569, %569
	%575 = call float @llvm.fmuladd.f32(float %573, float %574, float %569)
	%576 = fadd float %575, 1.0
	%577 = bitcast float %566 to i32
	%578 = sub i32 %577, u0x4B400000
	%579 = ashr i32 %578, 1
	%580 = sub i32 %578, %579
	%581 = add i32 %579, 127
	%582 = shl i32 %581, 23
	%583 = bitcast i32 %582 to float
	%584 = add i32 %580, 127
	%585 = shl i32 %584, 23
	%586 = bitcast i32 %585 to float
	%587 = fmul float %576, %583
	%588 = fmul float %587, %586
	%589 = add i64 %180, 10
	%590 = fmul float %588, %164
	%591 = getelementptr float, float addrspace(1)* %p3, i64 %589
	%592 = load float, float addrspace(1)* %591, align 4
	%593 = fmul float %178, %592
	%594 = fadd float %590, %593
	%595 = getelementptr float, float addrspace(1)* %p4, i64 %589
	%596 = load float, float addrspace(1)* %595, align 4
	%597 = fmul float %596, %594
	%598 = fadd float %560, %597
	%599 = fmul float %175, %67
	%600 = fcmp olt float %599, -115.0
	%601 = select i1 %600, float -115.0, float %599
	%602 = fcmp ogt float %601, 89.0
	%603 = select i1 %602, float 89.0, float %601
	%604 = call float @llvm.fmuladd.f32(float %603, float 0x3FF7154760000000, float 1.2582912e+07)
	%605 = fsub float %604, 1.2582912e+07
	%606 = call float @llvm.fmuladd.f32(float %605, float 0xBFE62E4000000000, float %603)
	%607 = call float @llvm.fmuladd.f32(float %605, float 0xBEB7F7D1C0000000, float %606)
	%608 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %607, float 0x3F81239E00000000)
	%609 = call float @llvm.fmuladd.f32(float %608, float %607, float 0x3FA5558F20000000)
	%610 = call float @llvm.fmuladd.f32(float %609, float %607, float 0x3FC5554920000000)
	%611 = call float @llvm.fmuladd.f32(float %610, float %607, float 0x3FDFFFFFC0000000)
	%612 = fmul float %607, %607
	%613 = call float @llvm.fmuladd.f32(float %611, float %612, float %607)
	%614 = fadd float %613, 1.0
	%615 = bitcast float %604 to i32
	%616 = sub i32 %615, u0x4B400000
	%617 = ashr i32 %616, 1
	%618 = sub i32 %616, %617
	%619 = add i32 %617, 127
	%620 = shl i32 %619, 23
	%621 = bitcast i32 %620 to float
	%622 = add i32 %618, 127
	%623 = shl i32 %622, 23
	%624 = bitcast i32 %623 to float
	%625 = fmul float %614, %621
	%626 = fmul float %625, %624
	%627 = add i64 %180, 11
	%628 = fmul float %626, %165
	%629 = getelementptr float, float addrspace(1)* %p3, i64 %627
	%630 = load float, float addrspace(1)* %629, align 4
	%631 = fmul float %178, %630
	%632 = fadd float %628, %631
	%633 = getelementptr float, float addrspace(1)* %p4, i64 %627
	%634 = load float, float addrspace(1)* %633, align 4
	%635 = fmul float %634, %632
	%636 = fadd float %598, %635
	%637 = fmul float %175, %71
	%638 = fcmp olt float %637, -115.0
	%639 = select i1 %638, float -115.0, float %637
	%640 = fcmp ogt float %639, 89.0
	%641 = select i1 %640, float 89.0, float %639
	%642 = call float @llvm.fmuladd.f32(float %641, float 0x3FF7154760000000, float 1.2582912e+07)
	%643 = fsub float %642, 1.2582912e+07
	%644 = call float @llvm.fmuladd.f32(float %643, float 0xBFE62E4000000000, float %641)
	%645 = call float @llvm.fmuladd.f32(float %643, float 0xBEB7F7D1C0000000, float %644)
	%646 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %645, float 0x3F81239E00000000)
	%647 = call float @llvm.fmuladd.f32(float %646, float %645, float 0x3FA5558F20000000)
	%648 = call float @llvm.fmuladd.f32(float %647, float %645, float 0x3FC5554920000000)
	%649 = call float @llvm.fmuladd.f32(float %648, float %645, float 0x3FDFFFFFC0000000)
	%650 = fmul float %645, %645
	%651 = call float @llvm.fmuladd.f32(float %649, float %650, float %645)
	%652 = fadd float %651, 1.0
	%653 = bitcast float %642 to i32
	%654 = sub i32 %653, u0x4B400000
	%655 = ashr i32 %654, 1
	%656 = sub i32 %654, %655
	%657 = add i32 %655, 127
	%658 = shl i32 %657, 23
	%659 = bitcast i32 %658 to float
	%660 = add i32 %656, 127
	%661 = shl i32 %660, 23
	%662 = bitcast i32 %661 to float
	%663 = fmul float %652, %659
	%664 = fmul float %663, %662
	%665 = add i64 %180, 12
	%666 = fmul float %664, %166
	%667 = getelementptr float, float addrspace(1)* %p3, i64 %665
	%668 = load float, float addrspace(1)* %667, align 4
	%669 = fmul float %178, %668
	%670 = fadd float %666, %669
	%671 = getelementptr float, float addrspace(1)* %p4, i64 %665
	%672 = load float, float addrspace(1)* %671, align 4
	%673 = fmul float %672, %670
	%674 = fadd float %636, %673
	%675 = fmul float %175, %75
	%676 = fcmp olt float %675, -115.0
	%677 = select i1 %676, float -115.0, float %675
	%678 = fcmp ogt float %677, 89.0
	%679 = select i1 %678, float 89.0, float %677
	%680 = call float @llvm.fmuladd.f32(float %679, float 0x3FF7154760000000, float 1.2582912e+07)
	%681 = fsub float %680, 1.2582912e+07
	%682 = call float @llvm.fmuladd.f32(float %681, float 0xBFE62E4000000000, float %679)
	%683 = call float @llvm.fmuladd.f32(float %681, float 0xBEB7F7D1C0000000, float %682)
	%684 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %683, float 0x3F81239E00000000)
	%685 = call float @llvm.fmuladd.f32(float %684, float %683, float 0x3FA5558F20000000)
	%686 = call float @llvm.fmuladd.f32(float %685, float %683, float 0x3FC5554920000000)
	%687 = call float @llvm.fmuladd.f32(float %686, float %683, float 0x3FDFFFFFC0000000)
	%688 = fmul float %683, %683
	%689 = call float @llvm.fmuladd.f32(float %687, float %688, float %683)
	%690 = fadd float %689, 1.0
	%691 = bitcast float %680 to i32
	%692 = sub i32 %691, u0x4B400000
	%693 = ashr i32 %692, 1
	%694 = sub i32 %692, %693
	%695 = add i32 %693, 127
	%696 = shl i32 %695, 23
	%697 = bitcast i32 %696 to float
	%698 = add i32 %694, 127
	%699 = shl i32 %698, 23
	%700 = bitcast i32 %699 to float
	%701 = fmul float %690, %697
	%702 = fmul float %701, %700
	%703 = add i64 %180, 13
	%704 = fmul float %702, %167
	%705 = getelementptr float, float addrspace(1)* %p3, i64 %703
	%706 = load float, float addrspace(1)* %705, align 4
	%707 = fmul float %178, %706
	%708 = fadd float %704, %707
	%709 = getelementptr float, float addrspace(1)* %p4, i64 %703
	%710 = load float, float addrspace(1)* %709, align 4
	%711 = fmul float %710, %708
	%712 = fadd float %674, %711
	%713 = fmul float %175, %79
	%714 = fcmp olt float %713, -115.0
	%715 = select i1 %714, float -115.0, float %713
	%716 = fcmp ogt float %715, 89.0
	%717 = select i1 %716, float 89.0, float %715
	%718 = call float @llvm.fmuladd.f32(float %717, float 0x3FF7154760000000, float 1.2582912e+07)
	%719 = fsub float %718, 1.2582912e+07
	%720 = call float @llvm.fmuladd.f32(float %719, float 0xBFE62E4000000000, float %717)
	%721 = call float @llvm.fmuladd.f32(float %719, float 0xBEB7F7D1C0000000, float %720)
	%722 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %721, float 0x3F81239E00000000)
	%723 = call float @llvm.fmuladd.f32(float %722, float %721, float 0x3FA5558F20000000)
	%724 = call float @llvm.fmuladd.f32(float %723, float %721, float 0x3FC5554920000000)
	%725 = call float @llvm.fmuladd.f32(float %724, float %721, float 0x3FDFFFFFC0000000)
	%726 = fmul float %721, %721
	%727 = call float @llvm.fmuladd.f32(float %725, float %726, float %721)
	%728 = fadd float %727, 1.0
	%729 = bitcast float %718 to i32
	%730 = sub i32 %729, u0x4B400000
	%731 = ashr i32 %730, 1
	%732 = sub i32 %730, %731
	%733 = add i32 %731, 127
	%734 = shl i32 %733, 23
	%735 = bitcast i32 %734 to float
	%736 = add i32 %732, 127
	%737 = shl i32 %736, 23
	%738 = bitcast i32 %737 to float
	%739 = fmul float %728, %735
	%740 = fmul float %739, %738
	%741 = add i64 %180, 14
	%742 = fmul float %740, %168
	%743 = getelementptr float, float addrspace(1)* %p3, i64 %741
	%744 = load float, float addrspace(1)* %743, align 4
	%745 = fmul float %178, %744
	%746 = fadd float %742, %745
	%747 = getelementptr float, float addrspace(1)* %p4, i64 %741
	%748 = load float, float addrspace(1)* %747, align 4
	%749 = fmul float %748, %746
	%750 = fadd float %712, %749
	%751 = fmul float %175, %83
	%752 = fcmp olt float %751, -115.0
	%753 = select i1 %752, float -115.0, float %751
	%754 = fcmp ogt float %753, 89.0
	%755 = select i1 %754, float 89.0, float %753
	%756 = call float @llvm.fmuladd.f32(float %755, float 0x3FF7154760000000, float 1.2582912e+07)
	%757 = fsub float %756, 1.2582912e+07
	%758 = call float @llvm.fmuladd.f32(float %757, float 0xBFE62E4000000000, float %755)
	%759 = call float @llvm.fmuladd.f32(float %757, float 0xBEB7F7D1C0000000, float %758)
	%760 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %759, float 0x3F81239E00000000)
	%761 = call float @llvm.fmuladd.f32(float %760, float %759, float 0x3FA5558F20000000)
	%762 = call float @llvm.fmuladd.f32(float %761, float %759, float 0x3FC5554920000000)
	%763 = call float @llvm.fmuladd.f32(float %762, float %759, float 0x3FDFFFFFC0000000)
	%764 = fmul float %759, %759
	%765 = call float @llvm.fmuladd.f32(float %763, float %764, float %759)
	%766 = fadd float %765, 1.0
	%767 = bitcast float %756 to i32
	%768 = sub i32 %767, u0x4B400000
	%769 = ashr i32 %768, 1
	%770 = sub i32 %768, %769
	%771 = add i32 %769, 127
	%772 = shl i32 %771, 23
	%773 = bitcast i32 %772 to float
	%774 = add i32 %770, 127
	%775 = shl i32 %774, 23
	%776 = bitcast i32 %775 to float
	%777 = fmul float %766, %773
	%778 = fmul float %777, %776
	%779 = add i64 %180, 15
	%780 = fmul float %778, %169
	%781 = getelementptr float, float addrspace(1)* %p3, i64 %779
	%782 = load float, float addrspace(1)* %781, align 4
	%783 = fmul float %178, %782
	%784 = fadd float %780, %783
	%785 = getelementptr float, float addrspace(1)* %p4, i64 %779
	%786 = load float, float addrspace(1)* %785, align 4
	%787 = fmul float %786, %784
	%788 = fadd float %750, %787
	%789 = getelementptr float, float addrspace(1)* %p5, i64 %15
	%790 = load float, float addrspace(1)* %789, align 4
	%791 = fmul float %790, %177
	%792 = fadd float %788, %791
	%793 = getelementptr float, float addrspace(1)* %p6, i64 %173
	%794 = load float, float addrspace(1)* %793, align 4
	%795 = call float @llvm.fabs.f32(float %794)
	%796 = fneg float %795
	%797 = fcmp olt float %796, -115.0
	%798 = select i1 %797, float -115.0, float %796
	%799 = fcmp ogt float %798, 89.0
	%800 = select i1 %799, float 89.0, float %798
	%801 = call float @llvm.fmuladd.f32(float %800, float 0x3FF7154760000000, float 1.2582912e+07)
	%802 = fsub float %801, 1.2582912e+07
	%803 = call float @llvm.fmuladd.f32(float %802, float 0xBFE62E4000000000, float %800)
	%804 = call float @llvm.fmuladd.f32(float %802, float 0xBEB7F7D1C0000000, float %803)
	%805 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %804, float 0x3F81239E00000000)
	%806 = call float @llvm.fmuladd.f32(float %805, float %804, float 0x3FA5558F20000000)
	%807 = call float @llvm.fmuladd.f32(float %806, float %804, float 0x3FC5554920000000)
	%808 = call float @llvm.fmuladd.f32(float %807, float %804, float 0x3FDFFFFFC0000000)
	%809 = fmul float %804, %804
	%810 = call float @llvm.fmuladd.f32(float %808, float %809, float %804)
	%811 = fadd float %810, 1.0
	%812 = bitcast float %801 to i32
	%813 = sub i32 %812, u0x4B400000
	%814 = ashr i32 %813, 1
	%815 = sub i32 %813, %814
	%816 = add i32 %814, 127
	%817 = shl i32 %816, 23
	%818 = bitcast i32 %817 to float
	%819 = add i32 %815, 127
	%820 = shl i32 %819, 23
	%821 = bitcast i32 %820 to float
	%822 = fmul float %811, %818
	%823 = fmul float %822, %821
	%824 = fadd float 1.0, %823
	%825 = fcmp olt float %794, 0.0
	%826 = fmul float %794, %822
	%827 = select i1 %825, float %826, float %794
	%828 = select i1 %825, float %821, float 1.0
	%829 = fdiv float %827, %824
	%830 = fmul float %829, %828
	%831 = fcmp olt float %794, -115.0
	%832 = select i1 %831, float -0.0, float %830
	%833 = fcmp oeq float %794, 0xFFF0000000000000
	%834 = select i1 %833, float 0x7FF8000000000000, float %832
	%835 = fmul float %792, %834
	%836 = getelementptr float, float addrspace(1)* %p7, i64 %173
	store float %835, float addrspace(1)* %836, align 4
	%837 = add i64 %153, 1
	%838 = icmp slt i64 %837, %i0
	br i1 %838, label %loop.35, label %loop.exit.36

loop.exit.36:
	%839 = phi float [ %91, %ifv.join.34 ], [ %214, %loop.35 ]
	%840 = phi float [ %95, %ifv.join.34 ], [ %252, %loop.35 ]
	%841 = phi float [ %99, %ifv.join.34 ], [ %290, %loop.35 ]
	%842 = phi float [ %103, %ifv.join.34 ], [ %328, %loop.35 ]
	%843 = phi float [ %107, %ifv.join.34 ], [ %366, %loop.35 ]
	%844 = phi float [ %111, %ifv.join.34 ], [ %404, %loop.35 ]
	%845 = phi float [ %115, %ifv.join.34 ], [ %442, %loop.35 ]
	%846 = phi float [ %119, %ifv.join.34 ], [ %480, %loop.35 ]
	%847 = phi float [ %123, %ifv.join.34 ], [ %518, %loop.35 ]
	%848 = phi float [ %127, %ifv.join.34 ], [ %556, %loop.35 ]
	%849 = phi float [ %131, %ifv.join.34 ], [ %594, %loop.35 ]
	%850 = phi float [ %135, %ifv.join.34 ], [ %632, %loop.35 ]
	%851 = phi float [ %139, %ifv.join.34 ], [ %670, %loop.35 ]
	%852 = phi float [ %143, %ifv.join.34 ], [ %708, %loop.35 ]
	%853 = phi float [ %147, %ifv.join.34 ], [ %746, %loop.35 ]
	%854 = phi float [ %151, %ifv.join.34 ], [ %784, %loop.35 ]
	%855 = icmp ne i64 %i3, 0
	br i1 %855, label %if.37, label %if.join.38

if.37:
	%856 = add i64 %86, 0
	%857 = getelementptr float, float addrspace(1)* %p9, i64 %856
	store float %839, float addrspace(1)* %857, align 4
	%858 = add i64 %86, 1
	%859 = getelementptr float, float addrspace(1)* %p9, i64 %858
	store float %840, float addrspace(1)* %859, align 4
	%860 = add i64 %86, 2
	%861 = getelementptr float, float addrspace(1)* %p9, i64 %860
	store float %841, float addrspace(1)* %861, align 4
	%862 = add i64 %86, 3
	%863 = getelementptr float, float addrspace(1)* %p9, i64 %862
	store float %842, float addrspace(1)* %863, align 4
	%864 = add i64 %86, 4
	%865 = getelementptr float, float addrspace(1)* %p9, i64 %864
	store float %843, float addrspace(1)* %865, align 4
	%866 = add i64 %86, 5
	%867 = getelementptr float, float addrspace(1)* %p9, i64 %866
	store float %844, float addrspace(1)* %867, align 4
	%868 = add i64 %86, 6
	%869 = getelementptr float, float addrspace(1)* %p9, i64 %868
	store float %845, float addrspace(1)* %869, align 4
	%870 = add i64 %86, 7
	%871 = getelementptr float, float addrspace(1)* %p9, i64 %870
	store float %846, float addrspace(1)* %871, align 4
	%872 = add i64 %86, 8
	%873 = getelementptr float, float addrspace(1)* %p9, i64 %872
	store float %847, float addrspace(1)* %873, align 4
	%874 = add i64 %86, 9
	%875 = getelementptr float, float addrspace(1)* %p9, i64 %874
	store float %848, float addrspace(1)* %875, align 4
	%876 = add i64 %86, 10
	%877 = getelementptr float, float addrspace(1)* %p9, i64 %876
	store float %849, float addrspace(1)* %877, align 4
	%878 = add i64 %86, 11
	%879 = getelementptr float, float addrspace(1)* %p9, i64 %878
	store float %850, float addrspace(1)* %879, align 4
	%880 = add i64 %86, 12
	%881 = getelementptr float, float addrspace(1)* %p9, i64 %880
	store float %851, float addrspace(1)* %881, align 4
	%882 = add i64 %86, 13
	%883 = getelementptr float, float addrspace(1)* %p9, i64 %882
	store float %852, float addrspace(1)* %883, align 4
	%884 = add i64 %86, 14
	%885 = getelementptr float, float addrspace(1)* %p9, i64 %884
	store float %853, float addrspace(1)* %885, align 4
	%886 = add i64 %86, 15
	%887 = getelementptr float, float addrspace(1)* %p9, i64 %886
	store float %854, float addrspace(1)* %887, align 4
	br label %if.join.38

if.join.38:
	br label %if.join.2
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare float @llvm.fmuladd.f32(float %0, float %1, float %2)

declare float @llvm.fabs.f32(float %0)
