source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

@seqc_ptx_attn_1_true_sh1 = internal addrspace(3) global [128 x float] undef, align 16
@seqc_ptx_attn_1_true_sh2 = internal addrspace(3) global [128 x float] undef, align 16

define ptx_kernel void @seqc_ptx_attn_1_true(i64 %i0, i64 %i1, i64 %i2, i64 %i3, i64 %i4, i64 %i5, i64 %i6, i64 %i7, i64 %i8, i64 %i9, i64 %i10, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2, float addrspace(1)* nocapture %p3, float addrspace(1)* nocapture %p4, float addrspace(1)* nocapture %p5) nounwind {
entry:
	%0 = alloca [4 x float], align 16
	%1 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%2 = zext i32 %1 to i64
	%3 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%4 = zext i32 %3 to i64
	%5 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%6 = zext i32 %5 to i64
	%7 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%8 = zext i32 %7 to i64
	%9 = getelementptr [4 x float], [4 x float]* %0, i64 0, i64 0
	%10 = trunc i64 %i7 to i32
	%11 = bitcast i32 %10 to float
	%12 = sdiv i64 %2, %i9
	%13 = srem i64 %2, %i9
	%14 = sdiv i64 %4, %i2
	%15 = srem i64 %4, %i2
	%16 = sdiv i64 %i2, %i3
	%17 = sdiv i64 %15, %16
	%18 = sub i64 %i1, %i0
	%19 = add i64 %12, 1
	%20 = add i64 %18, %19
	%21 = icmp slt i64 %20, 0
	%22 = select i1 %21, i64 0, i64 %20
	%23 = icmp slt i64 %i1, %22
	%24 = select i1 %23, i64 %i1, i64 %22
	%25 = mul i64 %13, %i10
	%26 = add i64 %25, %i10
	%27 = icmp slt i64 %24, %26
	%28 = select i1 %27, i64 %24, i64 %26
	%29 = mul i64 %14, %i0
	%30 = add i64 %29, %12
	%31 = mul i64 %30, %i2
	%32 = add i64 %31, %15
	%33 = mul i64 %32, %i4
	%34 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%35 = zext i32 %34 to i64
	%36 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%37 = zext i32 %36 to i64
	%38 = mul i64 %37, 128
	%39 = add i64 %38, %35
	%40 = getelementptr float, float* %9, i64 0
	store float 0xFFF0000000000000, float* %40, align 4
	%41 = getelementptr float, float* %9, i64 2
	store float 0.0, float* %41, align 4
	%42 = getelementptr float, float* %9, i64 3
	store float 0.0, float* %42, align 4
	%43 = icmp slt i64 %25, %28
	br i1 %43, label %loop.1, label %loop.exit.2

loop.1:
	%44 = phi i64 [ %25, %entry ], [ %225, %if.join.14 ]
	call void @llvm.nvvm.barrier0()
	%45 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%46 = zext i32 %45 to i64
	%47 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%48 = zext i32 %47 to i64
	%49 = mul i64 %48, 128
	%50 = add i64 %49, %46
	%51 = add i64 %44, %50
	%52 = icmp slt i64 %51, %28
	br i1 %52, label %ifv.3, label %ifv.join.4

loop.exit.2:
	call void @llvm.nvvm.barrier0()
	%53 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%54 = zext i32 %53 to i64
	%55 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%56 = zext i32 %55 to i64
	%57 = mul i64 %56, 128
	%58 = add i64 %57, %54
	%59 = getelementptr float, float* %9, i64 2
	%60 = load float, float* %59, align 4
	%61 = icmp eq i64 %i9, 1
	br i1 %61, label %if.19, label %if.join.20

ifv.3:
	%62 = mul i64 %14, %i8
	%63 = add i64 %62, %51
	%64 = mul i64 %63, %i3
	%65 = add i64 %64, %17
	%66 = mul i64 %65, %i4
	%67 = icmp slt i64 0, %i4
	br i1 %67, label %loop.5, label %loop.exit.6

ifv.join.4:
	%68 = phi float [ 0xFFF0000000000000, %loop.1 ], [ %99, %ifv.join.8 ]
	%69 = getelementptr float, float addrspace(3)* getelementptr ([128 x float], [128 x float] addrspace(3)* @seqc_ptx_attn_1_true_sh1, i64 0, i64 0), i64 %50
	store float %68, float addrspace(3)* %69, align 4
	call void @llvm.nvvm.barrier0()
	%70 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%71 = zext i32 %70 to i64
	%72 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%73 = zext i32 %72 to i64
	%74 = mul i64 %73, 128
	%75 = add i64 %74, %71
	%76 = icmp slt i64 0, 128
	br i1 %76, label %loop.9, label %loop.exit.10

loop.5:
	%77 = phi i64 [ 0, %ifv.3 ], [ %86, %loop.5 ]
	%78 = phi float [ 0.0, %ifv.3 ], [ %85, %loop.5 ]
	%79 = add i64 %33, %77
	%80 = getelementptr float, float addrspace(1)* %p0, i64 %79
	%81 = load float, float addrspace(1)* %80, align 4
	%82 = add i64 %66, %77
	%83 = getelementptr float, float addrspace(1)* %p1, i64 %82
	%84 = load float, float addrspace(1)* %83, align 4
	%85 = call float @llvm.fmuladd.f32(float %81, float %84, float %78)
	%86 = add i64 %77, 1
	%87 = icmp slt i64 %86, %i4
	br i1 %87, label %loop.5, label %loop.exit.6

loop.exit.6:
	%88 = phi float [ 0.0, %ifv.3 ], [ %85, %loop.5 ]
	%89 = fmul float %88, %11
	%90 = icmp ne i64 %i6, 0
	br i1 %90, label %ifv.7, label %ifv.join.8

ifv.7:
	%91 = mul i64 %14, %i1
	%92 = add i64 %91, %51
	%93 = getelementptr float, float addrspace(1)* %p3, i64 %92
	%94 = bitcast float addrspace(1)* %93 to i32 addrspace(1)*
	%95 = load i32, i32 addrspace(1)* %94, align 4
	%96 = sext i32 %95 to i64
	br label %ifv.join.8

ifv.join.8:
	%97 = phi i64 [ 0, %loop.exit.6 ], [ %96, %ifv.7 ]
	%98 = icmp ne i64 %97, 0
	%99 = select i1 %98, float 0xFFF0000000000000, float %89
	br label %ifv.join.4

loop.9:
	%100 = phi i64 [ 0, %ifv.join.4 ], [ %115, %loop.9 ]
	%101 = phi float [ 0xFFF0000000000000, %ifv.join.4 ], [ %114, %loop.9 ]
	%102 = getelementptr float, float addrspace(3)* getelementptr ([128 x float], [128 x float] addrspace(3)* @seqc_ptx_attn_1_true_sh1, i64 0, i64 0), i64 %100
	%103 = load float, float addrspace(3)* %102, align 4
	%104 = bitcast float %101 to i32
	%105 = bitcast float %103 to i32
	%106 = and i32 %104, %105
	%107 = bitcast i32 %106 to float
	%108 = fcmp ogt float %103, %101
	%109 = select i1 %108, float %103, float %107
	%110 = fcmp ogt float %101, %103
	%111 = select i1 %110, float %101, float %109
	%112 = fcmp uno float %101, %103
	%113 = fadd float %101, %103
	%114 = select i1 %112, float %113, float %111
	%115 = add i64 %100, 1
	%116 = icmp slt i64 %115, 128
	br i1 %116, label %loop.9, label %loop.exit.10

loop.exit.10:
	%117 = phi float [ 0xFFF0000000000000, %ifv.join.4 ], [ %114, %loop.9 ]
	%118 = getelementptr float, float* %9, i64 0
	%119 = load float, float* %118, align 4
	%120 = bitcast float %119 to i32
	%121 = bitcast float %117 to i32
	%122 = and i32 %120, %121
	%123 = bitcast i32 %122 to float
	%124 = fcmp ogt float %117, %119
	%125 = select i1 %124, float %117, float %123
	%126 = fcmp ogt float %119, %117
	%127 = select i1 %126, float %119, float %125
	%128 = fcmp uno float %119, %117
	%129 = fadd float %119, %117
	%130 = select i1 %128, float %129, float %127
	%131 = fcmp oeq float %130, 0xFFF0000000000000
	%132 = fsub float %119, %130
	%133 = fcmp olt float %132, -115.0
	%134 = select i1 %133, float -115.0, float %132
	%135 = fcmp ogt float %134, 89.0
	%136 = select i1 %135, float 89.0, float %134
	%137 = call float @llvm.fmuladd.f32(float %136, float 0x3FF7154760000000, float 1.2582912e+07)
	%138 = fsub float %137, 1.2582912e+07
	%139 = call float @llvm.fmuladd.f32(float %138, float 0xBFE62E4000000000, float %136)
	%140 = call float @llvm.fmuladd.f32(float %138, float 0xBEB7F7D1C0000000, float %139)
	%141 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %140, float 0x3F81239E00000000)
	%142 = call float @llvm.fmuladd.f32(float %141, float %140, float 0x3FA5558F20000000)
	%143 = call float @llvm.fmuladd.f32(float %142, float %140, float 0x3FC5554920000000)
	%144 = call float @llvm.fmuladd.f32(float %143, float %140, float 0x3FDFFFFFC0000000)
	%145 = fmul float %140, %140
	%146 = call float @llvm.fmuladd.f32(float %144, float %145, float %140)
	%147 = fadd float %146, 1.0
	%148 = bitcast float %137 to i32
	%149 = sub i32 %148, u0x4B400000
	%150 = ashr i32 %149, 1
	%151 = sub i32 %149, %150
	%152 = add i32 %150, 127
	%153 = shl i32 %152, 23
	%154 = bitcast i32 %153 to float
	%155 = add i32 %151, 127
	%156 = shl i32 %155, 23
	%157 = bitcast i32 %156 to float
	%158 = fmul float %147, %154
	%159 = fmul float %158, %157
	%160 = select i1 %131, float 1.0, float %159
	%161 = getelementptr float, float addrspace(3)* getelementptr ([128 x float], [128 x float] addrspace(3)* @seqc_ptx_attn_1_true_sh1, i64 0, i64 0), i64 %75
	%162 = load float, float addrspace(3)* %161, align 4
	%163 = fsub float %162, %130
	%164 = fcmp olt float %163, -115.0
	%165 = select i1 %164, float -115.0, float %163
	%166 = fcmp ogt float %165, 89.0
	%167 = select i1 %166, float 89.0, float %165
	%168 = call float @llvm.fmuladd.f32(float %167, float 0x3FF7154760000000, float 1.2582912e+07)
	%169 = fsub float %168, 1.2582912e+07
	%170 = call float @llvm.fmuladd.f32(float %169, float 0xBFE62E4000000000, float %167)
	%171 = call float @llvm.fmuladd.f32(float %169, float 0xBEB7F7D1C0000000, float %170)
	%172 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %171, float 0x3F81239E00000000)
	%173 = call float @llvm.fmuladd.f32(float %172, float %171, float 0x3FA5558F20000000)
	%174 = call float @llvm.fmuladd.f32(float %173, float %171, float 0x3FC5554920000000)
	%175 = call float @llvm.fmuladd.f32(float %174, float %171, float 0x3FDFFFFFC0000000)
	%176 = fmul float %171, %171
	%177 = call float @llvm.fmuladd.f32(float %175, float %176, float %171)
	%178 = fadd float %177, 1.0
	%179 = bitcast float %168 to i32
	%180 = sub i32 %179, u0x4B400000
	%181 = ashr i32 %180, 1
	%182 = sub i32 %180, %181
	%183 = add i32 %181, 127
	%184 = shl i32 %183, 23
	%185 = bitcast i32 %184 to float
	%186 = add i32 %182, 127
	%187 = shl i32 %186, 23
	%188 = bitcast i32 %187 to float
	%189 = fmul float %178, %185
	%190 = fmul float %189, %188
	%191 = select i1 %131, float 0.0, float %190
	%192 = getelementptr float, float addrspace(3)* getelementptr ([128 x float], [128 x float] addrspace(3)* @seqc_ptx_attn_1_true_sh2, i64 0, i64 0), i64 %75
	store float %191, float addrspace(3)* %192, align 4
	%193 = getelementptr float, float* %9, i64 0
	store float %130, float* %193, align 4
	%194 = getelementptr float, float* %9, i64 1
	store float %160, float* %194, align 4
	call void @llvm.nvvm.barrier0()
	%195 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%196 = zext i32 %195 to i64
	%197 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%198 = zext i32 %197 to i64
	%199 = mul i64 %198, 128
	%200 = add i64 %199, %196
	%201 = getelementptr float, float* %9, i64 1
	%202 = load float, float* %201, align 4
	%203 = sub i64 %28, %44
	%204 = icmp slt i64 128, %203
	%205 = select i1 %204, i64 128, i64 %203
	%206 = icmp slt i64 0, %205
	br i1 %206, label %loop.11, label %loop.exit.12

loop.11:
	%207 = phi i64 [ 0, %loop.exit.10 ], [ %212, %loop.11 ]
	%208 = phi float [ 0.0, %loop.exit.10 ], [ %211, %loop.11 ]
	%209 = getelementptr float, float addrspace(3)* getelementptr ([128 x float], [128 x float] addrspace(3)* @seqc_ptx_attn_1_true_sh2, i64 0, i64 0), i64 %207
	%210 = load float, float addrspace(3)* %209, align 4
	%211 = fadd float %208, %210
	%212 = add i64 %207, 1
	%213 = icmp slt i64 %212, %205
	br i1 %213, label %loop.11, label %loop.exit.12

loop.exit.12:
	%214 = phi float [ 0.0, %loop.exit.10 ], [ %211, %loop.11 ]
	%215 = getelementptr float, float* %9, i64 2
	%216 = load float, float* %215, align 4
	%217 = call float @llvm.fmuladd.f32(float %216, float %202, float %214)
	%218 = getelementptr float, float* %9, i64 2
	store float %217, float* %218, align 4
	%219 = add i64 %200, 0
	%220 = icmp slt i64 %219, %i5
	br i1 %220, label %if.13, label %if.join.14

if.13:
	%221 = getelementptr float, float* %9, i64 3
	%222 = load float, float* %221, align 4
	%223 = fmul float %222, %202
	%224 = icmp slt i64 0, %205
	br i1 %224, label %loop.15, label %loop.exit.16

if.join.14:
	%225 = add i64 %44, 128
	%226 = icmp slt i64 %225, %28
	br i1 %226, label %loop.1, label %loop.exit.2

loop.15:
	%227 = phi i64 [ 0, %if.13 ], [ %245, %ifv.join.18 ]
	%228 = phi float [ %223, %if.13 ], [ %244, %ifv.join.18 ]
	%229 = getelementptr float, float addrspace(3)* getelementptr ([128 x float], [128 x float] addrspace(3)* @seqc_ptx_attn_1_true_sh2, i64 0, i64 0), i64 %227
	%230 = load float, float addrspace(3)* %229, align 4
	%231 = fcmp une float %230, 0.0
	br i1 %231, label %ifv.17, label %ifv.join.18

loop.exit.16:
	%232 = phi float [ %223, %if.13 ], [ %244, %ifv.join.18 ]
	%233 = getelementptr float, float* %9, i64 3
	store float %232, float* %233, align 4
	br label %if.join.14

ifv.17:
	%234 = mul i64 %14, %i8
	%235 = add i64 %44, %227
	%236 = add i64 %234, %235
	%237 = mul i64 %236, %i3
	%238 = add i64 %237, %17
	%239 = mul i64 %238, %i5
	%240 = add i64 %239, %219
	%241 = getelementptr float, float addrspace(1)* %p2, i64 %240
	%242 = load float, float addrspace(1)* %241, align 4
	%243 = call float @llvm.fmuladd.f32(float %230, float %242, float %228)
	br label %ifv.join.18

ifv.join.18:
	%244 = phi float [ %228, %loop.15 ], [ %243, %ifv.17 ]
	%245 = add i64 %227, 1
	%246 = icmp slt i64 %245, %205
	br i1 %246, label %loop.15, label %loop.exit.16

if.19:
	%247 = fdiv float 1.0, %60
	%248 = mul i64 %14, %i0
	%249 = add i64 %248, %12
	%250 = mul i64 %249, %i2
	%251 = add i64 %250, %15
	%252 = mul i64 %251, %i5
	%253 = add i64 %58, 0
	%254 = icmp slt i64 %253, %i5
	br i1 %254, label %if.21, label %if.join.22

if.join.20:
	%255 = xor i1 %61, true
	br i1 %255, label %if.23, label %if.join.24

if.21:
	%256 = fcmp ogt float %60, 0.0
	%257 = getelementptr float, float* %9, i64 3
	%258 = load float, float* %257, align 4
	%259 = fmul float %258, %247
	%260 = select i1 %256, float %259, float 0.0
	%261 = add i64 %252, %253
	%262 = getelementptr float, float addrspace(1)* %p4, i64 %261
	store float %260, float addrspace(1)* %262, align 4
	br label %if.join.22

if.join.22:
	br label %if.join.20

if.23:
	%263 = mul i64 %4, %i0
	%264 = add i64 %263, %12
	%265 = mul i64 %264, %i9
	%266 = add i64 %265, %13
	%267 = add i64 %i5, 2
	%268 = mul i64 %266, %267
	%269 = icmp eq i64 %58, 0
	br i1 %269, label %if.25, label %if.join.26

if.join.24:
	ret void

if.25:
	%270 = getelementptr float, float* %9, i64 0
	%271 = load float, float* %270, align 4
	%272 = getelementptr float, float addrspace(1)* %p5, i64 %268
	store float %271, float addrspace(1)* %272, align 4
	%273 = add i64 %268, 1
	%274 = getelementptr float, float addrspace(1)* %p5, i64 %273
	store float %60, float addrspace(1)* %274, align 4
	br label %if.join.26

if.join.26:
	%275 = add i64 %58, 0
	%276 = icmp slt i64 %275, %i5
	br i1 %276, label %if.27, label %if.join.28

if.27:
	%277 = add i64 %275, 2
	%278 = add i64 %268, %277
	%279 = getelementptr float, float* %9, i64 3
	%280 = load float, float* %279, align 4
	%281 = getelementptr float, float addrspace(1)* %p5, i64 %278
	store float %280, float addrspace(1)* %281, align 4
	br label %if.join.28

if.join.28:
	br label %if.join.24
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare void @llvm.nvvm.barrier0()

declare float @llvm.fmuladd.f32(float %0, float %1, float %2)
